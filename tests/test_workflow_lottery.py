"""抽奖 on the real registry and ledger: freeze and publish the list, seed afterwards, re-checkable."""

import datetime as dt

import pytest

from meide import clock
from meide.recognition import lottery
from meide.cli import main
from meide.kernel import Actor, FieldError, TransitionError
from meide.kernel.documents import document_kind, template_context
from meide.printing import printer
from meide.printing.environment import render
from workflows.lottery import Lottery

from .registry_support import add_resident, registry  # noqa: F401  (fixture)

OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
NAMES = ["张晓华", "李秀英", "王磊", "赵敏", "孙浩然"]


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 12, 28, 10, 0)):
        yield engine.runner


@pytest.fixture
def residents(runner, registry):  # noqa: F811
    """Five 北门社区 residents with 15, 10, 5, 15, 10 points this quarter and one in 翰林街."""
    ids = [add_resident(registry, name=name, phone=f"1381234567{n}", room=f"30{n}")
           for n, name in enumerate(NAMES)]
    ids.append(add_resident(registry, name="钱多多", phone="13912340000", community="翰林街社区"))
    for n, (resident, deeds) in enumerate(zip(ids, (3, 2, 1, 3, 2, 3))):
        account = runner.services.account("resident", resident)
        for i in range(deeds):
            runner.services.ledger.award(account, "GOOD_DEED", reason="好人好事",
                                         source="test:1", actor="x", key=f"k{n}:{i}")
    return ids


def started(runner, **values):
    fields = {"lottery_title": "2026年第四季度美德信用抽奖", "community": 1, "year": 2026,
              "quarter": 4, "min_points": 10, "prizes": "一等奖:1\n二等奖:2",
              "draw_on": "2026-12-30", "place": "北门社区党群服务中心", **values}
    return runner.start("lottery", OFFICER, fields)


def test_freezing_publishes_the_eligible_list_and_its_hash(runner, registry, residents):  # noqa: F811,E501
    record = runner.apply("lottery", started(runner).id, "freeze", OFFICER)
    text = record.outputs["entrant_list"]
    assert [e.name for e in lottery.parse(text)] == ["张*华", "李*英", "赵*", "孙*然"]
    assert record.outputs["list_hash"] == lottery.fingerprint(text)
    assert record.outputs["entrant_count"] == 4
    [notice] = registry.store.table("documents").all()
    html = render("lottery/notice.html",
                  **template_context(Lottery, notice, issuer="古槐街道北门社区居委会"))
    assert lottery.fingerprint(text) in html and "孙*然" in html and "孙浩然" not in html


def test_the_seed_may_only_be_fixed_after_the_list(runner, residents):
    with pytest.raises(TransitionError, match="名单公示之后"):
        runner.apply("lottery", started(runner, seed="123").id, "freeze", OFFICER)
    record = started(runner)
    with pytest.raises(FieldError, match="随机种子.*此时不能修改"):     # nor typed in the draft
        runner.apply("lottery", record.id, "freeze", OFFICER, changes={"seed": "123"})
    with pytest.raises(TransitionError, match="奖项"):
        runner.apply("lottery", record.id, "freeze", OFFICER, changes={"prizes": "大奖"})
    runner.apply("lottery", record.id, "freeze", OFFICER, changes={"prizes": "一等奖:1"})
    # The draw asks for the seed, its source and the witnesses: each one left empty is named.
    with pytest.raises(FieldError) as missing:
        runner.apply("lottery", record.id, "draw", OFFICER, changes={"seed": "5-2-6"})
    assert missing.value.problems == {"seed_source": "请填写种子来源", "witnesses": "请填写见证人"}
    assert runner.get("lottery", record.id, OFFICER).state == "frozen"


def test_too_few_entrants_stop_the_freeze(runner, residents):
    record = started(runner, min_points=15, prizes="一等奖:1\n二等奖:2")
    with pytest.raises(TransitionError, match="只有2人|多于参与人数2"):
        runner.apply("lottery", record.id, "freeze", OFFICER)
    assert runner.get("lottery", record.id, OFFICER).state == "draft"


def test_the_draw_is_recorded_and_anyone_can_recheck_it(runner, registry, residents, tmp_path,  # noqa: F811,E501
                                                         capsys):
    record = runner.apply("lottery", started(runner).id, "freeze", OFFICER)
    text = record.outputs["entrant_list"]
    inputs = {"seed": "3-1-4-1-5", "seed_source": "三名居民代表当众掷骰子",
              "witnesses": "王秀英、李建国"}
    with pytest.raises(FieldError, match="奖项.*此时不能修改"):      # prizes are frozen already
        runner.apply("lottery", record.id, "draw", OFFICER, changes={**inputs, "prizes": "一等奖:3"})
    done = runner.apply("lottery", record.id, "draw", OFFICER, changes=inputs)
    assert done.state == "drawn"
    expected = lottery.draw(text, "3-1-4-1-5", [("一等奖", 1), ("二等奖", 2)])
    assert [w["ticket"] for w in done.outputs["winners"]] == [w.ticket for w in expected]
    assert [w["prize"] for w in done.outputs["winners"]] == ["一等奖", "二等奖", "二等奖"]
    record_doc = registry.store.table("documents").all()[-1]
    assert record_doc["kind"] == "record"
    html = render("lottery/record.html",
                  **template_context(Lottery, record_doc, issuer="古槐街道北门社区居委会"))
    assert "3-1-4-1-5" in html and expected[0].name in html and "2026年12月28日" in html
    path = tmp_path / "名单.txt"
    registry.store.close()
    assert main(["lottery", "export", str(record.id), str(path),
                 "--data", str(registry.store.path)]) == 0
    assert path.read_bytes() == text.encode("utf-8")
    capsys.readouterr()
    assert main(["lottery", "verify", str(path), "--seed", "3-1-4-1-5", "--prizes",
                 "一等奖:1,二等奖:2", "--hash", record.outputs["list_hash"]]) == 0
    out = [line.split("\t") for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert [int(line[2]) for line in out] == [w.ticket for w in expected]


def test_a_refused_draw_leaves_the_stored_record_as_it_was(runner, residents):
    record = started(runner)
    runner.apply("lottery", record.id, "freeze", OFFICER)
    with pytest.raises(FieldError):
        runner.apply("lottery", record.id, "draw", OFFICER, changes={"seed": "5-2-6"})
    # The seed typed with the refused draw is not kept, not even in memory.
    assert runner.get("lottery", record.id, OFFICER).values.get("seed", "") == ""


def printed(kind, document):
    """A lottery document's HTML as printing makes it (the kind's masking applied)."""
    made = document_kind(Lottery, kind)
    return printer.html(made, template_context(Lottery, document, issuer="古槐街道北门社区居委会"))


def test_public_documents_show_no_account_numbers_and_only_masked_names(runner, registry,
                                                                       residents):  # noqa: F811
    record = runner.apply("lottery", started(runner).id, "freeze", OFFICER)
    assert "resident" not in record.outputs["entrant_list"]
    # Who holds which ticket stays on the record, for staff only.
    assert record.outputs["entrant_residents"] == [residents[i] for i in (0, 1, 3, 4)]
    done = runner.apply("lottery", record.id, "draw", OFFICER, changes={
        "seed": "3-1-4-1-5", "seed_source": "掷骰子", "witnesses": "王秀英、李建国"})
    holders = {n + 1: NAMES[i] for n, i in enumerate((0, 1, 3, 4))}
    assert [w["resident_name"] for w in done.outputs["winners"]] == \
        [holders[w["ticket"]] for w in done.outputs["winners"]]
    notice, drawn = registry.store.table("documents").all()
    masked = {"notice": ["张*华", "李*英", "赵*", "孙*然"],
              "record": [w["name"] for w in done.outputs["winners"]]}
    for kind, document in (("notice", notice), ("record", drawn)):
        html = printed(kind, document)
        assert "resident" not in html and "账户" not in html
        assert not any(name in html for name in NAMES)
        assert all(f"<td>{name}</td>" in html for name in masked[kind])
    assert "王秀英、李建国" in printed("record", drawn)        # the witnesses, as they signed


def test_a_list_frozen_with_account_numbers_stays_verifiable_and_drawable(runner, registry,
                                                                         residents):  # noqa: F811
    record = runner.apply("lottery", started(runner).id, "freeze", OFFICER)
    # As records frozen before the published list left account numbers out keep it.
    legacy = "".join(f"{n}\tresident:{residents[i]}\t{name}\t北门社区\n" for n, (i, name) in
                     enumerate(((0, "张*华"), (1, "李*英"), (3, "赵*"), (4, "孙*然")), start=1))
    table = registry.store.table("wf_lottery")
    outputs = {k: v for k, v in table.get(doc_id=record.id)["outputs"].items()
               if k != "entrant_residents"}
    table.update({"outputs": {**outputs, "entrant_list": legacy,
                              "list_hash": lottery.fingerprint(legacy)}}, doc_ids=[record.id])
    done = runner.apply("lottery", record.id, "draw", OFFICER, changes={
        "seed": "3-1-4-1-5", "seed_source": "掷骰子", "witnesses": "王秀英"})
    expected = lottery.draw(legacy, "3-1-4-1-5", [("一等奖", 1), ("二等奖", 2)])
    assert [w["ticket"] for w in done.outputs["winners"]] == [w.ticket for w in expected]
    holders = {1: "张晓华", 2: "李秀英", 3: "赵敏", 4: "孙浩然"}
    assert [w["resident_name"] for w in done.outputs["winners"]] == \
        [holders[w.ticket] for w in expected]
    drawn = registry.store.table("documents").all()[-1]
    assert lottery.fingerprint(legacy) in printed("record", drawn)
    notice = {**drawn, "kind": "notice"}
    html = printed("notice", notice)
    assert "resident" not in html and "<td>赵*</td><td>北门社区</td>" in html
