"""In Chromium: a community officer finds a certificate of their community on 证书管理, revokes
it with a reason category after ticking the confirmation, and the public /verify page then says
已撤销 with the category and never the officer's words; another community's is not listed."""

import datetime as dt
import shutil

import pytest

import store
from meide.privacy import mask_name
from meide.rating.certificates import Certificates

from .browser import alert, button, choose, expect, fill, open_entry, sign_in

pytestmark = pytest.mark.browser

WORDS = "李四13912345678说证书上的名字写错了"


@pytest.fixture(scope="module")
def certificates_app(serve_app, demo_data, tmp_path_factory):
    """The demo plus one certificate in 北门社区 and one in another community."""
    folder = tmp_path_factory.mktemp("certificates") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    opened = store.open_store(folder)
    try:
        communities = {doc["name"]: doc.doc_id for doc in opened.table("communities").all()}
        other = next(name for name in communities if name != "北门社区")
        certificates = Certificates(opened)
        numbers = {name: certificates.issue(
            key=f"browser:{name}", kind="荣誉证书", holder=holder, issued_on=dt.date.today(),
            office=f"{name}居民委员会", scope={"community": communities[name]})["number"]
            for name, holder in (("北门社区", "欧阳建国"), (other, "司马光明"))}
    finally:
        opened.close()
    with serve_app(folder) as app:
        yield app, numbers["北门社区"], numbers[other]


def test_an_officer_revokes_a_certificate_and_verify_says_so(new_page, certificates_app):
    app, number, elsewhere = certificates_app
    page = sign_in(new_page(), app, "beimen")
    open_entry(page, "证书管理")
    line = page.locator(".line").filter(has_text=number)
    expect(line).to_be_visible()
    expect(line).to_contain_text(mask_name("欧阳建国"))
    expect(page.locator(".line").filter(has_text=elsewhere)).to_have_count(0)

    line.get_by_role("button", name="选择").click()
    choose(page, "撤销原因类别（公开查验时显示）", "信息有误")
    fill(page, "情况说明（仅工作人员可见，不对外公开）", WORDS)
    button(page, "撤销").click()
    expect(alert(page, "warning")).to_contain_text("请勾选")
    # The confirmation, the page's one checkbox (Bokeh ties no accessible name to it).
    page.locator("input[type=checkbox]").check()
    page.wait_for_timeout(300)
    button(page, "撤销").click()
    expect(alert(page, "success")).to_contain_text(f"证书 {number} 已撤销")
    expect(page.locator(".line").filter(has_text=number)).to_contain_text("已撤销")

    public = new_page()
    public.goto(app.url(f"/verify?code={number}"))
    expect(alert(public, "warning")).to_contain_text("已被撤销")
    expect(public.get_by_text("已撤销", exact=True)).to_be_visible()
    expect(public.get_by_text("信息有误", exact=True)).to_be_visible()
    content = public.content()
    assert "李四" not in content and "13912345678" not in content and "欧阳建国" not in content
