"""The download button: a declining callback sends nothing and raises nothing; a file is sent
under its Chinese name."""

import base64
import io

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
