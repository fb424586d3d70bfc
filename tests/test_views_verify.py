"""The public check: plaque codes and certificate numbers resolve to public facts only; only
/verify opens without sign-in."""

import datetime as dt
from types import SimpleNamespace

import pytest

import store
from meide import clock, runtime
from meide.rating.certificates import Certificates
from meide.rating.codes import check_character, present
from meide.rating.plaques import DOWNGRADE_REASONS, REMOVAL_REASONS, Plaques
from meide.views import session, signin
from meide.views.console import Console
from meide.views.verify import VerifyPage


@pytest.fixture
def plaques(tmp_path):
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield Plaques(opened)
    opened.close()


def issue(plaques, name="老张家面馆", kind="merchant", **more):
    values = dict(subject_kind=kind, subject_id=7, subject_name=name, card="merchant",
                  title="诚信商户", stars=4, total=85.0, valid_from=dt.date(2026, 10, 8),
                  valid_until=dt.date(2027, 10, 7), actor="officer1", address="北门街12号",
                  scope={"community": 1})
    return plaques.issue(**{**values, **more})


def text_of(page) -> str:
    return " ".join(str(getattr(part, "object", "")) for part in page._result.objects)


def test_a_valid_code_shows_the_holder_stars_validity_and_status(plaques):
    code = issue(plaques)["code"]
    page = VerifyPage(plaques=plaques)
    page.code_input.value = code.lower().replace("-", " ")       # typed loosely
    page.check()
    assert page.message == "" and page.facts["name"] == "老张家面馆"
    shown = text_of(page)
    assert "★★★★☆" in shown and "2027年10月7日" in shown and "真实有效" in shown
    assert "北门街12号" not in shown and "officer1" not in shown       # public facts only


def test_a_code_in_the_address_is_checked_at_once(plaques):
    code = issue(plaques)["code"]
    page = VerifyPage(plaques=plaques, code=code)
    assert page.facts["stars"] == 4


def test_a_mistyped_code_says_so_and_shows_nothing(plaques):
    code = issue(plaques)["code"]
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    page = VerifyPage(plaques=plaques)
    page.code_input.value = wrong
    page.check()
    assert page.facts is None and "输错" in page.message and "输错" in text_of(page)


def test_an_unknown_code_and_an_empty_box_are_explained(plaques):
    page = VerifyPage(plaques=plaques)
    page.code_input.value = present("2345678" + check_character("2345678"))
    page.check()
    assert "没有找到" in page.message
    page.code_input.value = ""
    page.check()
    assert "请输入" in page.message


@pytest.mark.parametrize("category", REMOVAL_REASONS)
def test_a_removed_plaque_shows_its_reason_category_never_the_officers_words(plaques, category):
    code = issue(plaques)["code"]
    plaques.remove(code, reason="投诉人王秀英（电话138-1234-5678）反映售卖过期食品，查实",
                   actor="officer1", category=category)
    page = VerifyPage(plaques=plaques, code=code)
    assert page.facts["status"] == "removed"
    shown = text_of(page)
    assert "已被摘牌" in shown and category in shown
    for secret in ("王秀英", "1234", "138-1234-5678", "过期食品", "投诉人"):
        assert secret not in shown and secret not in str(page.facts)


def test_a_downgraded_plaque_shows_the_downgrade_category_only(plaques):
    code = issue(plaques)["code"]
    plaques.downgrade(code, reason="居民李四 13912345678 投诉缺斤短两", actor="officer1")
    page = VerifyPage(plaques=plaques, code=code)
    shown = text_of(page)
    assert page.facts["status"] == "downgraded" and DOWNGRADE_REASONS[0] in shown
    assert "李四" not in shown and "13912345678" not in shown and "缺斤短两" not in shown


def test_a_resident_holder_is_masked(plaques):
    code = issue(plaques, name="张晓华", kind="resident", title="诚信居民")["code"]
    page = VerifyPage(plaques=plaques, code=code)
    assert page.facts["name"] == "张*华" and "张晓华" not in text_of(page)


class Sessions:
    def __init__(self, live):
        self.live = live

    def resolve(self, sid):
        return self.live.get(sid)


def handler(path, sid=None):
    return SimpleNamespace(request=SimpleNamespace(path=path),
                           get_secure_cookie=lambda name, max_age_days=None:
                           sid.encode() if sid else None)


@pytest.fixture
def signins(monkeypatch):
    monkeypatch.setattr(runtime, "get_signin", lambda: Sessions({"sid-1": "officer1"}))


@pytest.mark.parametrize("path", ["/verify", "/verify/", "/verify/ws", "/verify/autoload.js",
                                  "/verify/metadata"])
def test_the_verify_app_lets_visitors_in(signins, path):
    assert signin.get_user(handler(path)) == signin.VISITOR


@pytest.mark.parametrize("path", ["/console", "/console/ws", "/counter", "/", "/verifyx",
                                  "/verify/../console", "/xverify", "/console/verify"])
def test_every_other_app_still_needs_staff(signins, path):
    assert signin.get_user(handler(path)) is None


def test_staff_stay_themselves_on_the_verify_page(signins):
    assert signin.get_user(handler("/verify", "sid-1")) == "officer1"
    assert signin.get_user(handler("/console", "sid-1")) == "officer1"


def test_the_console_treats_a_visitor_as_not_signed_in(monkeypatch):
    from meide.registry.staff import _USERNAME
    assert _USERNAME.match(signin.VISITOR) is None          # no staff account can be named so
    monkeypatch.setattr(runtime, "get_signin", lambda: Sessions({}))
    # The console's actor comes from the staff session cookie only; a visitor has none.
    assert session.current_actor() is None
    console = Console(runner=SimpleNamespace(), actor=session.current_actor())
    assert console.navigation.labels() == {}
    shown = console._main
    assert shown.alert_type == "warning" and shown.object == session.sign_in_required().object


@pytest.mark.parametrize("revoked", [False, True])
def test_a_certificate_number_shows_kind_date_unit_status_and_the_holder_masked(plaques,
                                                                                 revoked):
    certificates = Certificates(plaques._store)
    number = certificates.issue(key="hours:7", kind="志愿服务时长证明", holder="张晓华",
                                issued_on="2026-10-08", office="北门社区居民委员会",
                                scope={"community": 1})["number"]
    if revoked:
        certificates.revoke(number, actor="officer1")
    page = VerifyPage(plaques=plaques, certificates=certificates)
    page.code_input.value = number.lower()
    page.check()
    text = text_of(page)
    assert page.facts["number"] == number and not page.message
    for shown in ("志愿服务时长证明", number, "张*华", "2026年10月8日", "北门社区居民委员会",
                  "已撤销" if revoked else "有效"):
        assert shown in text
    assert "张晓华" not in text
    assert page._result.objects[0].alert_type == ("warning" if revoked else "success")


def test_an_unknown_certificate_number_says_so_without_looking_among_the_plaques(plaques):
    number = present("2222222" + check_character("2222222"), "ZS")
    page = VerifyPage(plaques=plaques, certificates=Certificates(plaques._store))
    page.code_input.value = number
    page.check()
    assert page.facts is None and "证书" in page.message and number in page.message
