"""The console's certificates page: an officer finds the certificates of their scope only and
revokes one with a category and a confirmation; /verify then says so, without the officer's words."""

import datetime as dt

import pytest

from meide import clock, i18n
from meide.audit import audit_log
from meide.engine import Engine
from meide.kernel import Actor
from meide.rating.certificates import REVOCATION_REASONS, Certificates
from meide.rating.plaques import Plaques
from meide.views.certificates_page import CertificatesPage
from meide.views.verify import VerifyPage

from .registry_support import registry  # noqa: F401  (fixture)

JIEDAO = Actor("jiedao1", "街道干部", {"街道管理员"}, subdistrict=1)
BEIMEN = Actor("beimen1", "社区干部", {"社区管理员"}, subdistrict=1, community=1)
WANGGE = Actor("wangge1", "网格员", {"网格员"}, subdistrict=1, community=1, grid=1)
WORDS = "投诉人李四13912345678反映证书信息有误"


@pytest.fixture
def page_for(registry):  # noqa: F811
    """Two certificates in 北门社区 (1) and one in 翰林街社区 (2); a page for an actor."""
    engine = Engine(registry.store)
    certificates = Certificates(registry.store)
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        for key, holder, community in (("a", "张晓华", 1), ("b", "王秀英", 1), ("c", "丁德明", 2)):
            certificates.issue(key=key, kind="荣誉证书", holder=holder, issued_on="2026-10-08",
                               office="古槐街道办事处", scope={"subdistrict": 1,
                                                                "community": community})

    def make(actor):
        with i18n.using_locale("zh_CN"):
            return CertificatesPage(services=engine.services, actor=actor)
    return make


def listed(page) -> set:
    return {number for number, _text, _label in page.rows.rows}


def holders(page) -> set:
    return {text.split(" · ")[2] for _number, text, _label in page.rows.rows}


def test_an_officer_lists_the_certificates_of_their_scope_only(page_for):
    assert holders(page_for(JIEDAO)) == {"张*华", "王*英", "丁*明"}
    beimen = page_for(BEIMEN)
    assert holders(beimen) == {"张*华", "王*英"}
    beimen.search_box.value = "王*英"
    beimen._search()
    assert holders(beimen) == {"王*英"}


def test_a_grid_worker_may_not_open_the_page(page_for):
    with pytest.raises(PermissionError):
        page_for(WANGGE)


def test_a_number_outside_the_scope_is_not_shown_or_revoked(page_for, registry):  # noqa: F811
    outside = next(iter(listed(page_for(JIEDAO)) - listed(page_for(BEIMEN))))
    page = page_for(BEIMEN)
    page.chosen = outside                  # as a forged click would name it
    assert page._detail.objects == []
    page.confirm.value = True
    page.revoke()
    assert Certificates(registry.store).get(outside)["status"] == "valid"


def test_revoking_needs_the_confirmation_then_verify_shows_the_category_not_the_words(
        page_for, registry):  # noqa: F811
    page = page_for(BEIMEN)
    number = sorted(listed(page))[0]
    page.chosen = number
    page.category.value, page.reason.value = REVOCATION_REASONS[1], WORDS
    page.revoke()
    certificates = Certificates(registry.store)
    assert certificates.get(number)["status"] == "valid"
    assert "请勾选" in page._message.objects[0].object

    page.confirm.value = True
    with clock.frozen(dt.datetime(2026, 11, 2, 9, 0)):
        page.revoke()
    stored = certificates.get(number)
    assert (stored["status"], stored["category"], stored["reason"]) == (
        "revoked", REVOCATION_REASONS[1], WORDS)
    assert "已撤销" in page._message.objects[0].object
    assert page.revoke_button not in page._detail.objects       # nothing more to revoke
    entry = audit_log(registry.store).entries(action="certificate.revoke")[-1]
    assert entry["actor"] == "beimen1" and number in entry["note"]

    with i18n.using_locale("zh_CN"):
        verify = VerifyPage(plaques=Plaques(registry.store), certificates=certificates)
        verify.code_input.value = number
        verify.check()
    shown = " ".join(str(getattr(part, "object", "")) for part in verify._result.objects)
    for expected in ("已撤销", REVOCATION_REASONS[1], "2026年11月2日"):
        assert expected in shown
    assert "李四" not in shown and "13912345678" not in shown


def test_an_unknown_category_is_refused_naming_the_choices(registry):  # noqa: F811
    certificates = Certificates(registry.store)
    number = certificates.issue(key="x", kind="荣誉证书", holder="张晓华",
                                issued_on="2026-10-08", office="古槐街道办事处")["number"]
    with pytest.raises(ValueError, match="撤销原因须为以下之一"):
        certificates.revoke(number, actor="jiedao1", category="看着不顺眼")
    assert certificates.get(number)["status"] == "valid"
