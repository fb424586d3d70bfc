"""商户挂牌授星 in a real browser: review, 会签, the printed plaque, and /verify without sign-in."""

import re
import subprocess

import pytest

from meide.registry import Registry, Scope

from .browser import alert, button, card, expect, fill, pick_reference, row, sign_in

pytestmark = pytest.mark.browser

MARKS = "诚信经营：95\n明码标价：90\n环境卫生：92\n服务质量：95\n参与公益/志愿服务：90\n投诉记录：100"
CODE = re.compile(r"MD-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def a_merchant_of(app, username) -> dict:
    """A merchant in the staff member's grid whose name no other merchant there contains."""
    with app.read_store() as opened:
        registry = Registry(opened)
        staff = registry.staff.by_username(username)
        scope = Scope(staff["subdistrict"], staff["community"], staff["grid"])
        merchants = registry.merchants.list(scope)
        for merchant in merchants:
            if sum(merchant["name"] in other["name"] for other in merchants) == 1:
                return {"id": merchant.doc_id, "name": merchant["name"]}
    pytest.fail(f"no merchant in {username}'s grid")


def open_record(page, name):
    line = row(page, name)
    expect(line).to_contain_text("已评分·待评审")
    line.get_by_role("button", name="打开").click()
    expect(page.get_by_role("heading", name=re.compile(r"^商户挂牌授星 第 \d+ 号："))).to_be_visible()


def check_code(page, app, typed):
    page.goto(app.url("/verify"))
    expect(page.get_by_role("heading", name="星级牌真伪查询")).to_be_visible()
    fill(page, "验证码", typed)
    button(page, "查询").click()


def test_a_merchant_review_ends_with_a_plaque_whose_code_resolves(new_page, served_app, tmp_path):
    merchant = a_merchant_of(served_app, "wangge")

    # The 网格员 marks the merchant on the scorecard.
    worker = sign_in(new_page(), served_app, "wangge")
    button(worker, "发起").first.click()
    card(worker, "商户挂牌授星").get_by_role("button", name="发起", exact=True).click()
    expect(worker.get_by_role("heading", name="商户挂牌授星")).to_be_visible()
    pick_reference(worker, "商户", merchant["name"], merchant["name"])
    fill(worker, "评分", MARKS.replace("明码标价：90", "明码标价："))
    button(worker, "提交").click()
    expect(worker.get_by_text("“明码标价”还没有打分")).to_be_visible()      # told what to fix
    fill(worker, "评分", MARKS)
    button(worker, "提交").click()
    expect(alert(worker, "success")).to_contain_text("已提交，编号为第")

    # A reviewer and the community officer sign jointly (会签).
    reviewer = sign_in(new_page(), served_app, "pingshen")
    open_record(reviewer, merchant["name"])
    reviewer.get_by_role("button", name=re.compile("^会签“评审通过（会签）”")).click()
    expect(alert(reviewer, "success")).to_be_visible()
    officer = sign_in(new_page(), served_app, "beimen")
    open_record(officer, merchant["name"])
    officer.get_by_role("button", name=re.compile("^会签“评审通过（会签）”")).click()
    expect(alert(officer, "success")).to_contain_text("已授星·挂牌中")

    # The plaque prints; its text carries the code and says how to verify.
    pdf_button = officer.get_by_role("button", name=re.compile(r"PDF"))
    with officer.expect_download() as downloading:
        pdf_button.first.click()
    saved = tmp_path / "plaque.pdf"
    downloading.value.save_as(saved)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert merchant["name"] in text and "/verify" in text
    code = CODE.search(text).group()

    # Anyone, not signed in, checks the code on /verify.
    visitor = new_page()
    check_code(visitor, served_app, code.lower().replace("-", " "))
    expect(alert(visitor, "success")).to_contain_text("这块星级牌真实有效")
    expect(visitor.get_by_text(merchant["name"]).first).to_be_visible()
    expect(visitor.get_by_text("★★★★★")).to_be_visible()
    assert "/login" not in visitor.url

    mistyped = code[:-1] + ("A" if code[-1] != "A" else "B")
    fill(visitor, "验证码", mistyped)
    button(visitor, "查询").click()
    expect(alert(visitor, "danger")).to_contain_text("可能有字符输错了")

    # A complaint upheld: 摘牌. The same code now says so.
    officer.reload()
    expect(officer.get_by_role("heading", name=re.compile(r"^商户挂牌授星"))).to_be_visible()
    officer.get_by_label("意见").fill("顾客投诉缺斤短两")
    button(officer, "登记投诉").click()
    expect(alert(officer, "success")).to_contain_text("投诉核查中")
    # The page is redrawn for the new state: fill its 意见 box, not the one being replaced.
    expect(button(officer, "投诉查实，摘牌")).to_be_visible()
    officer.get_by_label("意见").fill("经市场监管所查实，投诉人王秀英 13812345678，摘牌")
    officer.get_by_label(re.compile("^摘牌原因")).select_option("到期复核未通过")
    button(officer, "投诉查实，摘牌").click()
    expect(alert(officer, "success")).to_contain_text("已摘牌")
    check_code(visitor, served_app, code)
    expect(alert(visitor, "warning")).to_contain_text("已被摘牌")
    # The public check gives the chosen category, never the officer's words.
    expect(visitor.get_by_text("到期复核未通过")).to_be_visible()
    shown = visitor.locator("body").inner_text()
    assert "王秀英" not in shown and "13812345678" not in shown and "市场监管所" not in shown
    assert not visitor.meide_errors and not worker.meide_errors and not officer.meide_errors

    # The console stays closed to the visitor.
    visitor.goto(served_app.url("/console"))
    visitor.wait_for_url(re.compile(r"/login"))
