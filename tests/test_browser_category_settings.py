"""榜样类别 in a real browser: a 社区管理员 edits the community's list in 系统设置, and a 网格员's new
nomination form offers exactly that list at once."""

import shutil

import pytest

from .browser import alert, button, expect, field, fill, open_entry, sign_in, table_rows

pytestmark = pytest.mark.browser


def test_a_community_list_saved_in_settings_is_what_the_next_form_offers(serve_app, demo_data,
                                                                         tmp_path, new_page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    with serve_app(folder) as app:
        officer = sign_in(new_page(), app, "beimen")
        open_entry(officer, "系统设置")
        expect(officer.get_by_text("榜样类别", exact=True)).to_be_visible()      # its only tab
        expect(officer.get_by_text("工作人员账号和积分规则由街道管理员修改；您可以在这里修改本社区的榜样类别。")).to_be_visible()
        fill(officer, "评选类别（每行一个）", "道德模范\n孝老爱亲模范\n孝老爱亲模范")
        button(officer, "保存为新版本").click()
        expect(alert(officer, "warning")).to_contain_text("“孝老爱亲模范”重复了，请只保留一个")
        fill(officer, "评选类别（每行一个）", "道德模范\n孝老爱亲模范")
        button(officer, "保存为新版本").click()
        expect(alert(officer, "success")).to_contain_text("现为第 1 版")
        lists = table_rows(officer, "类别清单", count=1)
        assert lists[0][:3] == ["北门社区", "道德模范、孝老爱亲模范", "1"]
        assert not officer.meide_errors

        worker = sign_in(new_page(), app, "wangge")
        button(worker, "发起").first.click()
        worker.locator(".card").filter(has=worker.get_by_text("榜样评选", exact=True)).last \
            .get_by_role("button", name="发起", exact=True).click()
        expect(worker.get_by_role("heading", name="榜样评选")).to_be_visible()
        options = field(worker, "评选类别").locator("option")
        expect(options).to_have_text(["道德模范", "孝老爱亲模范"])
        assert not worker.meide_errors
