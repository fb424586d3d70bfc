"""抽奖 the whole way in Chromium: created on the form, list frozen and its hash on the notice,
seed, source and witnesses typed at the draw, the printed record, and `meide lottery verify`
reproducing the winners from the exported list — and refusing a changed one."""

import contextlib
import hashlib
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import store
from meide import clock
from meide.engine import Engine
from meide.kernel import records
from meide.scope import Scope

from .browser import alert, button, card, expect, fill, meide_command, pick_reference, sign_in
from .printing_support import pdf_text

pytestmark = pytest.mark.browser

SEED, SOURCE, WITNESSES = "6-2-8-3-1", "三名居民代表当众掷骰子", "王秀英、李建国"
PRIZES = "一等奖:1\n二等奖:2"


def prepare(folder: Path) -> list:
    """Before serving: points this quarter for five of wangge's residents (beimen's
    community), so the draw has entrants. Their ids and names."""
    with contextlib.closing(store.open_store(folder)) as opened:
        engine = Engine(opened)
        worker = engine.registry.staff.by_username("wangge")
        grid = Scope(worker["subdistrict"], worker["community"], worker["grid"])
        residents = engine.registry.residents.list(grid)[:5]
        for number, resident in enumerate(residents):
            account = engine.services.account("resident", resident.doc_id)
            for deed in range(2):
                engine.ledger.award(account, "GOOD_DEED", reason="好人好事", source="lottery-test",
                                    actor="beimen", key=f"lottery-test:{number}:{deed}")
        return [(resident.doc_id, resident["name"]) for resident in residents]


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lottery") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    entrants = prepare(folder)
    with serve_app(folder) as app:
        app.entrants = entrants
        yield app


def downloaded(page, label) -> bytes:
    """Click the record page's download button `label`; the file the browser got."""
    with page.expect_download() as info:
        button(page, label).click()
    return Path(info.value.path()).read_bytes()


def flat(pdf: bytes) -> str:
    """The PDF's text with whitespace removed (table cells and letter-spaced headings)."""
    return "".join(pdf_text(pdf).split())


def meide(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*meide_command(), *args], capture_output=True, text=True, timeout=120)


def winners_printed(output: str) -> list:
    """The (order, prize, ticket) of each winner line `meide lottery verify` printed."""
    return [tuple(line.split("\t")[:3]) for line in output.splitlines() if line[:1].isdigit()]


def test_a_lottery_is_frozen_drawn_printed_and_rechecked(new_page, served_app, tmp_path):
    marker = uuid.uuid4().hex[:6]
    today = clock.today()
    officer = sign_in(new_page(), served_app, "beimen")

    # Created on the generated form; the seed is not asked for yet (it is fixed after the list).
    button(officer, "发起").first.click()
    card(officer, "美德信用抽奖").get_by_role("button", name="发起", exact=True).click()
    expect(officer.get_by_role("heading", name="美德信用抽奖")).to_be_visible()
    expect(officer.get_by_label(re.compile("^随机种子"))).to_have_count(0)
    fill(officer, "活动名称", f"{today.year}年美德信用抽奖（{marker}）")
    pick_reference(officer, "社区", "北门", "北门社区")
    fill(officer, "年份", str(today.year))
    fill(officer, "季度", str((today.month - 1) // 3 + 1))
    fill(officer, "参与门槛（分）", "10")
    fill(officer, "奖项", PRIZES)
    fill(officer, "开奖地点", "北门社区党群服务中心")
    button(officer, "提交").click()
    expect(alert(officer, "success")).to_contain_text("已提交，编号为第")
    heading = officer.get_by_role("heading", name=re.compile(r"^美德信用抽奖 第 \d+ 号"))
    expect(heading).to_contain_text(marker)
    number = int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1))

    # Frozen: the list and its hash are posted on the notice, names masked, no account numbers.
    button(officer, "冻结名单并公示").click()
    expect(alert(officer, "success")).to_contain_text("名单已公示·待开奖")
    with served_app.read_store() as opened:
        frozen = records.load(opened, "lottery", number).outputs
    digest, entrants = frozen["list_hash"], frozen["entrant_count"]
    assert entrants >= 5
    notice = flat(downloaded(officer, "公示（PDF）"))
    assert digest in notice and f"{entrants}人" in notice and "resident" not in notice
    assert not any(name in notice for _, name in served_app.entrants)
    # The list itself, for whoever asks for it: the exact bytes the hash was taken of.
    listed = tmp_path / "名单.txt"
    listed.write_bytes(downloaded(officer, "参与名单（文本文件）"))
    assert hashlib.sha256(listed.read_bytes()).hexdigest() == digest
    assert "resident" not in listed.read_text("utf-8")

    # The draw: seed, its source and the witnesses typed beside the button.
    fill(officer, "随机种子", SEED)
    fill(officer, "种子来源", SOURCE)
    fill(officer, "见证人", WITNESSES)
    button(officer, "录入种子并开奖").click()
    expect(alert(officer, "success")).to_contain_text("已开奖")
    with served_app.read_store() as opened:
        winners = records.load(opened, "lottery", number).outputs["winners"]
    assert [w["prize"] for w in winners] == ["一等奖", "二等奖", "二等奖"]
    # Staff see who won by full name; the paper shows the masked name.
    expect(officer.get_by_text(winners[0]["resident_name"]).first).to_be_visible()
    drawn = flat(downloaded(officer, "抽奖记录（PDF）"))
    assert digest in drawn and SEED in drawn and SOURCE in drawn and WITNESSES in drawn
    for winner in winners:
        assert f"{winner['order']}{winner['prize']}{winner['name']}" in drawn
        assert winner["resident_name"] not in drawn
    assert "resident" not in drawn
    assert not officer.meide_errors

    # `meide lottery export` beside the server writes the same list.
    exported = tmp_path / "导出的名单.txt"
    done = meide("lottery", "export", str(number), str(exported), "--data", str(served_app.data))
    assert done.returncode == 0, done.stderr
    assert exported.read_bytes() == listed.read_bytes()

    # Anyone re-draws from the list, the seed, the prizes and the posted hash.
    prizes = PRIZES.replace("\n", ",")
    checked = meide("lottery", "verify", str(listed), "--seed", SEED, "--prizes", prizes,
                    "--hash", digest)
    assert checked.returncode == 0, checked.stderr
    assert winners_printed(checked.stdout) == \
        [(str(w["order"]), w["prize"], str(w["ticket"])) for w in winners]

    # One name altered in the file: the hash no longer matches, and no winners are printed.
    changed = tmp_path / "改过的名单.txt"
    lines = listed.read_text("utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("\t", "\t某", 1)
    changed.write_text("".join(lines), "utf-8")
    refused = meide("lottery", "verify", str(changed), "--seed", SEED, "--prizes", prizes,
                    "--hash", digest)
    assert refused.returncode != 0 and "不一致" in refused.stderr
    assert winners_printed(refused.stdout) == []
