"""Issued certificates: unique stored numbers, issued once per certificate (a reprint keeps it),
resolved as typed, revoked; and every certificate kind prints number, unit, date and seal area."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.environment import cn_date
from meide.rating.certificates import (CertificateNotFound, CertificateRefused,
                                       Certificates, numbered)
from meide.rating.codes import CodeInvalid, check_character, normalise, prefix_of, present

NUMBER = present("7K3Q9F2" + check_character("7K3Q9F2"), "ZS")


@pytest.fixture
def opened(tmp_path):
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield opened
    opened.close()


def issue(certificates, key="star:1:2026Q3:志愿服务:resident:7", **more):
    return certificates.issue(**{**dict(key=key, kind="荣誉证书", holder="张晓华",
                                        issued_on="2026-10-08", office="北门社区居民委员会",
                                        scope={"community": 1}), **more})


def test_a_certificate_is_numbered_once_and_a_reprint_keeps_its_number(opened):
    certificates = Certificates(opened)
    first = issue(certificates)
    assert first["number"].startswith("ZS-") and normalise(first["number"], "ZS") == first["number"]
    assert issue(certificates, issued_on="2026-12-01")["number"] == first["number"]
    other = issue(certificates, key="star:1:2026Q3:志愿服务:resident:8")
    assert other["number"] != first["number"]
    assert len(opened.table("certificates").all()) == 2


def test_numbers_are_unique_over_many_certificates(opened):
    certificates = Certificates(opened)
    numbers = {issue(certificates, key=f"k{n}")["number"] for n in range(300)}
    assert len(numbers) == 300


def test_the_store_keeps_no_personal_free_text_and_the_holder_masked(opened):
    found = issue(Certificates(opened))
    assert found["holder"] == "张*华"
    assert set(found) == {"number", "key", "kind", "holder", "issued_on", "office", "scope",
                          "status", "issued_by", "issued_at"}


def test_a_typed_number_resolves_to_public_facts_only(opened):
    certificates = Certificates(opened)
    number = issue(certificates)["number"]
    facts = certificates.resolve(f"  {number.lower().replace('-', ' ')} ").public()
    assert facts == {"number": number, "kind": "荣誉证书", "holder": "张*华",
                     "issued_on": "2026-10-08", "office": "北门社区居民委员会",
                     "status": "valid", "status_label": "有效", "category": "",
                     "changed_on": ""}
    assert prefix_of(number) == "ZS" and prefix_of("MD-9ZEW-JJVR") == "MD"


def test_unknown_and_mistyped_numbers_say_so(opened):
    certificates = Certificates(opened)
    with pytest.raises(CertificateNotFound, match="没有找到编号"):
        certificates.resolve(NUMBER)
    with pytest.raises(CodeInvalid, match="校验位"):
        certificates.resolve(NUMBER[:-1] + ("B" if NUMBER[-1] != "B" else "C"))
    with pytest.raises(CodeInvalid, match="证书"):
        certificates.resolve("ZS-12")


def test_a_revoked_certificate_resolves_as_revoked_once(opened):
    certificates = Certificates(opened)
    number = issue(certificates)["number"]
    certificates.revoke(number, actor="officer1")
    assert certificates.resolve(number).public()["status_label"] == "已撤销"
    with pytest.raises(CertificateRefused):
        certificates.revoke(number, actor="officer1")


def test_a_draft_gets_no_number(opened):
    data = {"recipient": "张晓华", "issued_on": "2026-10-08", "office": "北门社区居民委员会"}
    made = numbered(opened, [{**data, "final": False}, {**data, "final": True}], ["a", "b"],
                    kind="荣誉证书")
    assert made[0]["number"] == "" and made[1]["number"].startswith("ZS-")
    assert len(opened.table("certificates").all()) == 1


def _certificate_kinds():
    return [kind for kind in all_kinds() if "证书" in kind.title or "证明" in kind.title]


def _numbered(sample: dict) -> dict:
    if "values" in sample:
        rows = len(sample["values"].get("shortlist") or [])
        return {**sample, "values": {**sample["values"], "certificate_number": NUMBER,
                                     "certificate_numbers": [NUMBER] * rows}}
    return {**sample, "number": NUMBER}


def test_the_certificate_kinds_are_all_found():
    assert {kind.slug for kind in _certificate_kinds()} >= {
        "certificate", "hours_certificate", "role_model/certificate", "commendation/certificates"}


@pytest.mark.parametrize("kind", _certificate_kinds(), ids=lambda kind: kind.slug)
def test_every_certificate_carries_number_unit_date_and_seal_area(kind):
    data = _numbered(kind.sample())
    html = printer.render(kind, data, "html").content
    office = data.get("office") or data.get("issuer")
    issued = data.get("issued_on") or data.get("issued_at")
    assert NUMBER in html
    assert office and office in html
    assert cn_date(issued) in html
    assert 'class="seal"' in html and "盖章" in html
    # a sample (no number yet) prints the placeholder, never a made-up number
    sample_html = printer.render(kind, kind.sample(), "html").content
    assert "样张" in sample_html and "segno" not in sample_html
