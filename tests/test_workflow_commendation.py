"""季度表彰 on the real registry and ledger: a frozen ranking, shortlist, review, board and bonus."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, FieldError, PermissionDenied
from meide.kernel.documents import template_context
from meide.printing.environment import render
from meide.views.form import field_input
from meide.privacy import mask_name
from workflows.commendation import Commendation

from .printing_support import in_order
from .registry_support import add_resident, registry  # noqa: F401  (fixture)
from .test_views_record import page, shown

STREET = Actor("street1", "街道干部", {"街道管理员"})
STREET2 = Actor("street2", "街道干部乙", {"街道管理员"})
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
ISSUER = "古槐街道办事处"


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 12, 28, 10, 0)):
        yield engine.runner


@pytest.fixture
def people(runner, registry):  # noqa: F811
    """北门社区: 张晓华 15 (1号楼, 第一网格), 李秀英 10, 王磊 5 (2号楼, 第二网格); 翰林街: 钱多多 10."""
    plan = [("张晓华", "1号楼", "北门社区", 3), ("李秀英", "1号楼", "北门社区", 2),
            ("王磊", "2号楼", "北门社区", 1), ("钱多多", "1号楼", "翰林街社区", 2)]
    ids, entries = {}, {}
    for n, (name, building, community, deeds) in enumerate(plan):
        ids[name] = add_resident(registry, name=name, phone=f"1381234560{n}", room=f"40{n}",
                                 building=building, community=community)
        account = runner.services.account("resident", ids[name])
        entries[name] = [runner.services.ledger.award(
            account, "GOOD_DEED", reason="好人好事", source="test:1", actor="x",
            key=f"{name}:{i}") for i in range(deeds)]
    return ids, entries


def closed(runner, actor=STREET, **values):
    fields = {"commendation_title": "2026年第四季度美德信用表彰", "year": 2026, "quarter": 4,
              "by": "community", "kind": "resident", "top": 2, "threshold": 10,
              "meeting": "12月30日上午 北门社区党群服务中心", **values}
    record = runner.start("commendation", actor, fields)
    return runner.apply("commendation", record.id, "close_quarter", actor)


def names(rows):
    return [(row["group_name"], row["rank"], row["name"], row["points"]) for row in rows]


def test_closing_the_quarter_freezes_the_ranking_and_shortlists(runner, people):
    record = closed(runner)
    assert names(record.outputs["ranking"]) == [
        ("北门社区", 1, "张晓华", 15), ("北门社区", 2, "李秀英", 10), ("北门社区", 3, "王磊", 5),
        ("翰林街社区", 1, "钱多多", 10)]
    assert [row["name"] for row in record.outputs["shortlist"]] == ["张晓华", "李秀英", "钱多多"]


def test_a_later_reversal_is_listed_beside_the_closed_ranking(runner, registry, people):  # noqa: F811,E501
    ids, entries = people
    record = closed(runner)
    ledger = runner.services.ledger
    ledger.reverse(entries["李秀英"][0], reason="重复登记", actor="officer1", key="rev1")
    clock.advance(days=2)
    with pytest.raises(PermissionDenied, match="自己提交"):
        runner.apply("commendation", record.id, "approve", STREET)
    done = runner.apply("commendation", record.id, "approve", STREET2,
                        changes={"bonus_rule": "COMMENDATION_BONUS"})
    assert names(done.outputs["ranking"]) == names(record.outputs["ranking"])     # unchanged
    assert [(r["name"], r["points"], r["points_now"]) for r in done.outputs["later"]] == [
        ("李秀英", 10, 5)]
    assert ledger.balance(f"resident:{ids['张晓华']}") == 25          # 15 + bonus 10
    assert ledger.balance(f"resident:{ids['王磊']}") == 5             # not shortlisted
    documents = {doc["kind"]: doc for doc in registry.store.table("documents").all()}
    assert set(documents) == {"ranking", "board", "certificates", "readout"}
    board = render("commendation/board.html",
                   **template_context(Commendation, documents["board"], issuer=ISSUER))
    assert "张晓华" in board and "钱多多" in board and "10分→5分" in board
    certificates = render("commendation/certificates.html",
                          **template_context(Commendation, documents["certificates"], issuer=ISSUER))
    assert certificates.count("荣誉证书</h1>") == 3 and "2026年12月30日" in certificates
    # each certificate numbered once, the number on its page and in the store
    numbers = done.outputs["certificate_numbers"]
    assert len(set(numbers)) == 3 and all(number in certificates for number in numbers)
    assert sorted(c["holder"] for c in registry.store.table("certificates").all()) == \
        sorted(mask_name(row["name"]) for row in done.outputs["shortlist"])
    readout = render("commendation/readout.html",
                     **template_context(Commendation, documents["readout"], issuer=ISSUER))
    assert readout.index("张晓华") < readout.index("李秀英") and "王磊" not in readout


def test_review_may_leave_someone_out_and_no_bonus_by_default(runner, people):
    ids, _ = people
    record = closed(runner)
    with pytest.raises(Exception, match="找不到"):          # a subdistrict-wide record
        runner.apply("commendation", record.id, "approve", OFFICER)
    done = runner.apply("commendation", record.id, "approve", STREET2,
                        changes={"excluded": "钱多多"})
    assert [row["name"] for row in done.outputs["shortlist"]] == ["张晓华", "李秀英"]
    assert runner.services.ledger.balance(f"resident:{ids['张晓华']}") == 15


def test_ranking_per_grid_within_one_community(runner, people):
    record = closed(runner, actor=OFFICER, community=1, by="grid", top=1, threshold=0)
    assert names(record.outputs["shortlist"]) == [("第一网格", 1, "张晓华", 15),
                                                 ("第二网格", 1, "王磊", 5)]


def test_volunteers_are_the_volunteer_service_group_of_a_category_ranking(runner, people):
    ids, _ = people
    account = runner.services.account("resident", ids["王磊"])
    runner.services.ledger.award(account, "VOLUNTEER_HOUR", quantity=3, reason="清扫楼道",
                                 source="activity:1", actor="x", key="v1")
    record = closed(runner, by="category", group="志愿服务", threshold=0)
    assert {row["group"] for row in record.outputs["ranking"]} == {"好人好事", "志愿服务"}
    assert names(record.outputs["shortlist"]) == [("志愿服务", 1, "王磊", 6)]


def test_the_approver_sees_the_shortlist_and_the_ranking_on_the_record_page(runner, people):
    record = closed(runner)
    view = page(runner, record, STREET2)
    text = shown(view)
    assert list(view.action_buttons) == ["approve", "cancel"]
    assert text.count("<th>分组</th><th>名次</th><th>姓名（名称）</th><th>积分</th>") == 2
    shortlist, ranking = text.index("入选名单"), text.index("冻结排名")
    assert in_order(text[shortlist:ranking], ["北门社区", "张晓华", "15", "李秀英", "翰林街社区",
                                              "钱多多"])
    assert "王磊" not in text[shortlist:ranking] and "王磊" in text[ranking:]
    assert "<td class='meide-short'>社区</td><td class='meide-short'>全街道</td>" in text
    assert "resident:" not in text                   # names, never account ids


def test_the_bonus_rule_is_chosen_and_shown_by_its_name(runner, people):
    widget = field_input(Commendation, Commendation.param.bonus_rule, runner.services, STREET)
    assert widget.options == {"不加分": "", "季度表彰入选奖励": "COMMENDATION_BONUS"}
    record = closed(runner)
    with pytest.raises(FieldError, match="只能是以下之一：不加分、季度表彰入选奖励$"):
        runner.apply("commendation", record.id, "approve", STREET2,
                     changes={"bonus_rule": "GOOD_DEED"})
    done = runner.apply("commendation", record.id, "approve", STREET2,
                        changes={"bonus_rule": "COMMENDATION_BONUS"})
    text = shown(page(runner, done, STREET2))
    assert "季度表彰入选奖励" in text and "COMMENDATION_BONUS" not in text
    assert "本记录的积分变动" in text and "+10" in text


def test_grids_are_ranked_and_listed_in_their_natural_order(runner, registry, people):  # noqa: F811
    for grid in ("第十网格", "第三网格"):
        grid_id = registry.grids.add(name=grid, community="北门社区")
        registry.buildings.add(name=f"{grid}楼", community="北门社区", grid=grid_id)
        resident = add_resident(registry, name=f"{grid[1]}网居民", phone="13900000001",
                                building=f"{grid}楼")
        runner.services.ledger.award(runner.services.account("resident", resident), "GOOD_DEED",
                                     reason="好人好事", source="test:1", actor="x", key=grid)
    record = closed(runner, actor=OFFICER, community=1, by="grid", top=1, threshold=0)
    assert [row["group_name"] for row in record.outputs["shortlist"]] == [
        "第一网格", "第二网格", "第三网格", "第十网格"]
    board = render("commendation/board.html", **template_context(
        Commendation, {"values": record.values, "outputs": record.outputs, "names": {},
                       "issued_at": "2026-12-28T10:00:00+08:00"}, issuer=ISSUER))
    assert in_order(board, ["第一网格", "第二网格", "第三网格", "第十网格"])


def test_a_subdistrict_wide_ranking_by_grid_names_each_grids_community(runner, people):
    record = closed(runner, by="grid", top=1, threshold=0)
    assert [row["group_name"] for row in record.outputs["shortlist"]] == [
        "北门社区第一网格", "北门社区第二网格", "翰林街社区第一网格"]
