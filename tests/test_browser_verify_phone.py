"""/verify, the page a resident reaches by scanning a plaque or a certificate, fits a 390-px phone
screen for each kind of result: no sideways scrolling and text of a readable size."""

import datetime as dt
import shutil

import pytest

import store
from meide.privacy import mask_name
from meide.rating.certificates import Certificates
from meide.rating.plaques import Plaques

from .browser import alert, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LEAST_FONT_PX = 14
# A long name, the kind that wraps on a phone (or pushes the page wider if it cannot).
NAME = "翰林街社区书香苑一号楼底商老张家手工面馆有限责任公司第一分店"
# A certificate's holder, a resident: shown masked.
HOLDER = "欧阳建国"
ALERT_KIND = {"valid": "success", "downgraded": "warning", "superseded": "warning",
              "removed": "warning", "expired": "warning", "invalid": "danger", "unknown": "danger",
              "certificate": "success", "revoked certificate": "warning"}
NO_HOLDER = ("invalid", "unknown")


def _plaque(plaques, subject_id, **more):
    values = dict(subject_kind="merchant", subject_id=subject_id, subject_name=NAME,
                  card="merchant", title="诚信商户", stars=4, total=85.0,
                  valid_from=dt.date.today() - dt.timedelta(days=30),
                  valid_until=dt.date.today() + dt.timedelta(days=300), actor="officer1")
    return plaques.issue(**{**values, **more})["code"]


@pytest.fixture(scope="module")
def codes_app(serve_app, demo_data, tmp_path_factory):
    """A server over the demo data plus one plaque code for each status a code can resolve to."""
    folder = tmp_path_factory.mktemp("verify-phone") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    opened = store.open_store(folder)
    try:
        plaques = Plaques(opened)
        codes = {"valid": _plaque(plaques, 9001)}
        codes["downgraded"] = _plaque(plaques, 9002)
        plaques.downgrade(codes["downgraded"], reason="投诉查实", actor="officer1")
        codes["superseded"] = _plaque(plaques, 9003)
        _plaque(plaques, 9003)
        codes["removed"] = _plaque(plaques, 9004)
        plaques.remove(codes["removed"], reason="查实", actor="officer1")
        codes["expired"] = _plaque(plaques, 9005, valid_from=dt.date(2020, 1, 1),
                                   valid_until=dt.date(2020, 12, 31))
        certificates = Certificates(opened)
        for result in ("certificate", "revoked certificate"):
            codes[result] = certificates.issue(
                key=f"verify-phone:{result}", kind="志愿服务时长证明", holder=HOLDER,
                issued_on=dt.date.today(), office=NAME + "居民委员会")["number"]
        certificates.revoke(codes["revoked certificate"], actor="officer1")
    finally:
        opened.close()
    codes["invalid"] = "MD-12"
    codes["unknown"] = "MD-2222-2222"
    with serve_app(folder) as app:
        yield app, codes


@pytest.mark.parametrize("result", list(ALERT_KIND))
def test_each_verify_result_fits_a_phone_screen(new_page, codes_app, result):
    app, codes = codes_app
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(app.url(f"/verify?code={codes[result]}"))
    verdict = alert(page, ALERT_KIND[result]).first
    expect(verdict).to_be_visible()
    if result not in NO_HOLDER:
        expect(page.get_by_text(NAME).first).to_be_visible()
    if "certificate" in result:
        expect(page.get_by_text(mask_name(HOLDER), exact=True).first).to_be_visible()
        assert HOLDER not in page.content()
    page.wait_for_timeout(300)      # let Panel finish laying out
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{result}: the page is {width} px wide"
    texts = [verdict] + ([page.get_by_text(NAME).first]
                         if result not in NO_HOLDER else [])
    for text in texts:
        box = text.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (result, box)
        size = float(text.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
        assert size >= LEAST_FONT_PX, (result, size)
