"""Every document kind that carries a verification code (a plaque's code, a certificate's or a
statement's number) prints a QR code of that code's /verify page at the deployment's public address, read
back here from the rendered PNG."""

import io
import urllib.parse

import pytest

from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.qr import PUBLIC_URL_ENV

zxingcpp = pytest.importorskip("zxingcpp")
Image = pytest.importorskip("PIL.Image")

PUBLIC = "https://meide.example.org/base"
CODE = "MD-9ZEW-JJVR"
NUMBER = "ZS-7K3Q-9F2A"
# The fields a kind keeps its code in: a plaque's code, a certificate's number.
CODE_FIELDS = {"code": CODE, "number": NUMBER}


def _with_code(sample: dict) -> dict:
    """The sample with its code where a kind keeps it: its own field, or a workflow's output."""
    if "values" in sample:
        rows = len(sample["values"].get("shortlist") or [])
        return {**sample, "values": {**sample["values"], "plaque_code": CODE,
                                     "certificate_number": NUMBER,
                                     "certificate_numbers": [NUMBER] * rows}}
    fields = {field: code for field, code in CODE_FIELDS.items() if field in sample}
    return {**sample, **(fields or {"code": CODE})}


def _code_of(kind, data: dict) -> str:
    """The code a kind's QR code carries: a certificate's or a statement's number, or a
    plaque's code."""
    return NUMBER if "证书" in kind.title or "证明" in kind.title or "明细单" in kind.title \
        else CODE


def _carriers():
    """(kind, sample with the code) for each kind whose paper draws a QR code once it has one."""
    found = []
    for kind in all_kinds():
        data = _with_code(kind.sample())
        if "segno" in printer.render(kind, data, "html").content:
            found.append((kind, data))
    return found


CARRIERS = _carriers()


def test_the_plaque_kinds_are_among_the_carriers():
    slugs = {kind.slug for kind, _ in CARRIERS}
    assert {"merchant_plaque", "merchant_star/merchant_plaque",
            "integrity_unit/merchant_plaque", "certificate", "hours_certificate",
            "role_model/certificate", "commendation/certificates", "statement"} <= slugs


@pytest.mark.parametrize("kind,data", CARRIERS, ids=lambda item: getattr(item, "slug", ""))
def test_the_printed_qr_code_opens_the_codes_verify_page(kind, data, monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_ENV, PUBLIC + "/")
    page = printer.render(kind, data, "png").content[0]      # (one certificate a page)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(page)).convert("L"))
    texts = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(texts) == 1, texts
    address = urllib.parse.urlsplit(texts[0])
    assert f"{address.scheme}://{address.netloc}{address.path}" == PUBLIC + "/verify"
    assert urllib.parse.parse_qs(address.query) == {"code": [_code_of(kind, data)]}
    # the code in words beside it
    assert _code_of(kind, data) in printer.render(kind, data, "html").content


@pytest.mark.parametrize("kind", [kind for kind, _ in CARRIERS], ids=lambda kind: kind.slug)
def test_a_draft_or_sample_without_its_code_prints_no_qr_code(kind):
    sample = kind.sample()
    sample = {**sample, **{field: "" for field in CODE_FIELDS if field in sample}}
    html = printer.render(kind, sample, "html").content
    assert "segno" not in html


def test_an_activity_notice_issued_for_a_record_carries_the_qr_code_of_its_sign_in_sheet(
        monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_ENV, PUBLIC)
    [kind] = [kind for kind in all_kinds() if kind.slug == "volunteer_activity/notice"]
    sample = kind.sample()
    assert "segno" not in printer.render(kind, sample, "html").content   # no record, no code
    page = printer.render(kind, {**sample, "record": 7}, "png").content[0]
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(page)).convert("L"))
    texts = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [PUBLIC + "/console?" + urllib.parse.urlencode({"page": "volunteer:7"})]
