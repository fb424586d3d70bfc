"""商户挂牌授星 on the real registry and ledger: marks, 会签, plaque, complaints, re-review."""

import datetime as dt
import subprocess

import pytest

from meide import clock
from meide.kernel import Actor, FieldError, PermissionDenied, TransitionError, records
from meide.kernel.documents import document_kind, template_context
from meide.printing import printer
from meide.rating import DEFAULT_SCORECARDS
from meide.rating.plaques import Plaques
from workflows.merchant_star import MerchantStar

from .registry_support import registry  # noqa: F401  (fixture)
from .test_views_record import page, shown

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
REVIEWER = Actor("rev1", "评委甲", {"评审委员"}, community=1)
GOOD = "诚信经营：95\n明码标价：90\n环境卫生：92\n服务质量：95\n参与公益/志愿服务：90\n投诉记录：100"
ISSUER = "古槐街道北门社区居民委员会"


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


@pytest.fixture
def shop(registry):  # noqa: F811
    return registry.merchants.add(name="老张家面馆", owner="张建国", phone="13912345678",
                                  category="餐饮", address="北门街12号", community="北门社区",
                                  grid="第一网格")


def review(runner, shop, marks=GOOD, **values):
    return runner.start("merchant_star", WORKER,
                        {"merchant": shop, "marks": marks, "valid_months": 12, **values})


def approved(runner, shop, marks=GOOD):
    record = review(runner, shop, marks)
    runner.apply("merchant_star", record.id, "pass_review", REVIEWER, comment="同意")
    return runner.apply("merchant_star", record.id, "pass_review", OFFICER, comment="同意")


def test_marks_are_weighed_into_stars_when_the_review_is_submitted(runner, shop):
    record = review(runner, shop)
    assert record.state == "scored"
    assert record.outputs["total"] == 93.5 and record.outputs["stars"] == 5
    assert record.outputs["card_version"] == 1 and record.outputs["vetoed"] == ""
    assert [line["name"] for line in record.outputs["sheet"]][:2] == ["诚信经营", "明码标价"]


@pytest.mark.parametrize("marks, words", [
    (GOOD.replace("明码标价：90", "明码标价："), "“明码标价”还没有打分"),
    (GOOD.replace("明码标价：90", "明码标价：120"), "0–100"),
    (GOOD + "\n卫生间：80", "“卫生间”不是"),
    (GOOD.replace("明码标价：90\n", ""), "没有打分：明码标价"),
])
def test_bad_marks_are_refused_beside_the_marks_field(runner, shop, marks, words):
    with pytest.raises(FieldError, match=words) as caught:
        review(runner, shop, marks)
    assert set(caught.value.problems) == {"marks"}
    assert runner.store.table("wf_merchant_star").all() == []          # nothing half-written


def test_the_blank_form_lists_every_criterion_of_the_card():
    blank = MerchantStar.param["marks"].default
    assert blank.splitlines() == [f"{c.name}：" for c in DEFAULT_SCORECARDS["merchant"].criteria]


def test_approval_needs_a_reviewer_and_the_community_and_issues_a_plaque(runner, shop):
    record = review(runner, shop)
    with pytest.raises(PermissionDenied, match="角色"):
        runner.apply("merchant_star", record.id, "pass_review", WORKER)
    record = runner.apply("merchant_star", record.id, "pass_review", REVIEWER, comment="同意")
    assert record.state == "scored"                                     # one of two signatures
    record = runner.apply("merchant_star", record.id, "pass_review", OFFICER, comment="同意")
    assert record.state == "approved"
    values = record.outputs
    assert values["level_text"] == "五星级诚信商户" and values["plaque_stars"] == 5
    assert (values["valid_from"], values["valid_until"]) == ("2026-10-08", "2027-10-07")
    resolved = Plaques(runner.store).resolve(values["plaque_code"].lower())
    assert resolved.valid and resolved.plaque["subject_name"] == "老张家面馆"
    assert resolved.plaque["address"] == "北门街12号"
    [entry] = runner.services.ledger.history(f"merchant:{shop}")
    assert entry.rule == "MERCHANT_INTEGRITY" and "五星级诚信商户" in entry.reason


def test_a_total_below_one_star_cannot_be_approved_only_rejected(runner, shop):
    low = "\n".join(f"{line.split('：')[0]}：40" for line in GOOD.splitlines())
    record = review(runner, shop, low)
    assert record.outputs["stars"] == 0
    with pytest.raises(TransitionError, match="未达到一星门槛"):
        runner.apply("merchant_star", record.id, "pass_review", REVIEWER)
    record = runner.apply("merchant_star", record.id, "reject", OFFICER, comment="整改后再评")
    assert record.state == "rejected" and Plaques(runner.store).history("merchant", shop) == []


def test_the_plaque_prints_with_its_code_stars_and_how_to_verify(runner, shop):
    record = approved(runner, shop)
    [document] = [d for d in runner.store.table("documents").all() if d["kind"] == "merchant_plaque"]
    context = template_context(MerchantStar, document, issuer=ISSUER)
    html = printer.render(document_kind(MerchantStar, "merchant_plaque"), context, "html").content
    code = record.outputs["plaque_code"]
    assert "老张家面馆" in html and "五星级诚信商户" in html and "北门街12号" in html
    assert "/verify" in html and code in html and "2027年10月7日" in html
    pdf = printer.render(document_kind(MerchantStar, "merchant_plaque"), context, "pdf").content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert code in text and "/verify" in text


def test_a_dismissed_complaint_keeps_the_plaque(runner, shop):
    record = approved(runner, shop)
    code = record.outputs["plaque_code"]
    with pytest.raises(TransitionError, match="意见或理由"):
        runner.apply("merchant_star", record.id, "complain", WORKER)
    runner.apply("merchant_star", record.id, "complain", WORKER, comment="顾客称价签与结账不符")
    record = runner.apply("merchant_star", record.id, "dismiss", OFFICER, comment="核查后价签一致")
    assert record.state == "listed" and Plaques(runner.store).resolve(code).valid


def test_an_upheld_complaint_downgrades_with_a_new_plaque_and_the_old_code_says_so(runner, shop):
    record = approved(runner, shop)
    old = record.outputs["plaque_code"]
    runner.apply("merchant_star", record.id, "complain", WORKER, comment="缺斤短两")
    record = runner.apply("merchant_star", record.id, "downgrade", OFFICER, comment="查实缺斤短两一次")
    assert record.state == "downgraded" and record.outputs["plaque_stars"] == 4
    new = record.outputs["plaque_code"]
    assert new != old and record.outputs["level_text"] == "四星级诚信商户"
    plaques = Plaques(runner.store)
    stale = plaques.resolve(old)
    assert not stale.valid and stale.label == "已降级"
    assert stale.plaque["reason"] == "查实缺斤短两一次" and stale.replacement["code"] == new
    assert plaques.resolve(new).valid and plaques.resolve(new).plaque["valid_until"] == "2027-10-07"
    kinds = [d["kind"] for d in runner.store.table("documents").all()]
    assert kinds == ["merchant_plaque", "merchant_plaque"]             # the new plaque prints too


def test_removal_takes_the_plaque_down_with_its_reason_and_its_public_category(runner, shop):
    record = approved(runner, shop)
    code = record.outputs["plaque_code"]
    runner.apply("merchant_star", record.id, "complain", WORKER, comment="售卖过期食品")
    with pytest.raises(FieldError, match="摘牌原因"):           # the category is asked for
        runner.apply("merchant_star", record.id, "remove", OFFICER, comment="市场监管查实")
    with pytest.raises(FieldError, match="只能是以下之一"):
        runner.apply("merchant_star", record.id, "remove", OFFICER, comment="市场监管查实",
                     changes={"removal_reason": "投诉人王某说的"})
    record = runner.apply("merchant_star", record.id, "remove", OFFICER, comment="市场监管查实",
                          changes={"removal_reason": "到期复核未通过"})
    assert record.state == "removed"
    resolved = Plaques(runner.store).resolve(code)
    assert resolved.label == "已摘牌" and resolved.plaque["reason"] == "市场监管查实"
    assert resolved.public()["category"] == "到期复核未通过"
    assert "市场监管查实" not in str(resolved.public())


def test_a_one_star_plaque_cannot_be_downgraded_further(runner, shop):
    one = "\n".join(f"{line.split('：')[0]}：52" for line in GOOD.splitlines())
    record = approved(runner, shop, one)
    assert record.outputs["plaque_stars"] == 1
    runner.apply("merchant_star", record.id, "complain", WORKER, comment="投诉")
    with pytest.raises(TransitionError, match="摘牌"):
        runner.apply("merchant_star", record.id, "downgrade", OFFICER, comment="查实")


def test_re_review_comes_due_thirty_days_before_expiry_and_shows_in_the_inbox(runner, shop):
    record = approved(runner, shop)
    assert record.due["at"].startswith("2027-09-07")
    # A complaint handled meanwhile does not push the reminder back.
    runner.apply("merchant_star", record.id, "complain", WORKER, comment="投诉")
    record = runner.apply("merchant_star", record.id, "dismiss", OFFICER, comment="不成立")
    assert record.due["at"].startswith("2027-09-07")
    assert runner.tick(dt.datetime(2027, 9, 6, 23, 0, tzinfo=clock.TIMEZONE)) == []
    fired = runner.tick(dt.datetime(2027, 9, 7, 0, 1, tzinfo=clock.TIMEZONE), raise_errors=True)
    assert fired == [("merchant_star", record.id, "remind")]
    record = records.load(runner.store, "merchant_star", record.id)
    assert record.state == "review_due"
    assert [r.id for r in runner.inbox(OFFICER) if r.slug == "merchant_star"] == [record.id]
    assert [p["code"] for p in Plaques(runner.store).due_for_review(
        today=dt.date(2027, 9, 7))] == [record.outputs["plaque_code"]]


def test_a_new_review_supersedes_the_plaque_in_force(runner, shop):
    first = approved(runner, shop).outputs["plaque_code"]
    second = approved(runner, shop).outputs["plaque_code"]
    plaques = Plaques(runner.store)
    assert plaques.resolve(first).label == "已被取代"
    assert plaques.resolve(first).replacement["code"] == second
    assert [p["code"] for p in plaques.history("merchant", shop)] == [first, second]


def test_the_record_page_shows_the_scorecard_and_the_re_review_date(runner, shop):
    text = shown(page(runner, review(runner, shop), REVIEWER))
    assert "<th>评分项</th><th>权重</th><th>得分</th>" in text
    assert "<td class='meide-short'>明码标价</td><td class='meide-short'>15</td>" in text
    assert "<td class='meide-short'>总分</td><td class='meide-short'>93.5</td>" in text
    text = shown(page(runner, approved(runner, shop), OFFICER))
    # The plaque's re-review, not a 公示: a date, and what happens on it.
    assert "复评日期：2027年9月7日，届时将自动“到期前提醒复评”" in text and "公示" not in text
    assert "<td class='meide-short'>有效期至</td><td class='meide-short'>2027年10月7日</td>" in text


@pytest.mark.parametrize("year_cap, used, awarded", [(40, 40, 0), (45, 40, 5), (60, 40, 10)])
def test_an_award_over_the_yearly_cap_is_capped_not_refused(runner, shop, year_cap, used,
                                                            awarded):
    ledger = runner.services.ledger
    ledger.catalogue.change("MERCHANT_INTEGRITY", year_cap=year_cap)
    account = runner.services.account("merchant", shop)
    for n in range(used // 10):
        ledger.award(account, "MERCHANT_INTEGRITY", reason="诚信经营检查", source=f"check:{n}",
                     actor="officer1", key=f"check-{n}")
    record = approved(runner, shop)
    assert record.state == "approved"                        # the 会签 went through
    assert ledger.balance(account) == used + awarded
    notes = [e["comment"] for e in records.history(runner.store, "merchant_star", record.id)
             if e["action"] == "note"]
    assert len(notes) == (awarded < 10)
    assert all("上限" in note and (f"记 {awarded} 分" in note or "未记分" in note)
               for note in notes)
