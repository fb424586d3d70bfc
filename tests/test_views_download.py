"""The download button: a declining callback sends nothing and raises nothing; a file is sent
under its Chinese name, and audited as an export."""

import base64
import io

import store
from meide.audit import audit_log
from meide.kernel import Actor
from meide.views.download import Download


def clicked(widget):
    """What a click in the browser does on the server."""
    widget._clicks += 1


def test_a_declining_callback_sends_nothing():
    widget = Download(filename="积分明细单.pdf", embed=False, label="下载", callback=lambda: None)
    clicked(widget)
    assert widget.data is None and widget.filename == "积分明细单.pdf"


def test_a_file_is_sent_under_its_chinese_name():
    widget = Download(filename="光荣榜-北门社区.pdf", embed=False, label="下载",
                      callback=lambda: io.BytesIO(b"%PDF-1.7"))
    clicked(widget)
    header, _comma, data = widget.data.partition(",")
    assert header == "data:application/pdf;base64" and base64.b64decode(data) == b"%PDF-1.7"
    assert widget.filename == "光荣榜-北门社区.pdf"
    # The browser saves the file under the model's filename, as it is (UTF-8 in the JSON).
    assert widget.get_root().filename == "光荣榜-北门社区.pdf"


def test_each_file_sent_is_audited_as_an_export_and_a_declined_one_is_not(tmp_path):
    opened = store.open_store(tmp_path / "data")
    officer = Actor("beimen", "李秀梅", {"社区管理员"}, community=1)
    sent = Download(filename="光荣榜-北门社区.pdf", embed=False, label="下载",
                    audit=(opened, officer), callback=lambda: io.BytesIO(b"%PDF-1.7"))
    declined = Download(filename="积分明细单.pdf", embed=False, label="下载",
                        audit=(opened, officer), callback=lambda: None)
    clicked(sent)
    clicked(declined)
    clicked(sent)
    exports = audit_log(opened).entries(action="export")
    assert [(e["actor"], e["note"]) for e in exports] == [("beimen", "光荣榜-北门社区.pdf")] * 2
    opened.close()
