"""Downloaded file names: meaningful in the session's language, safe on Windows."""

import datetime as dt

import pytest

from meide.i18n import using_locale
from meide.views.file_names import file_name, record_file_stem
from workflows.role_model import RoleModel


def test_a_record_document_is_named_by_workflow_number_and_document():
    with using_locale("zh_CN"):
        assert record_file_stem(RoleModel, 1, "公示") + ".pdf" == "榜样评选-第1号-公示.pdf"


@pytest.mark.parametrize("parts, expected", [
    (('a/b:c*?"<>|', "x"), "a_b_c-x.pdf"),
    (("名单. ", dt.date(2026, 10, 8)), "名单-2026-10-08.pdf"),
    (("CON",), "_CON.pdf"),
    (("", None), None),
    (("长" * 300,), "长" * 100 + ".pdf"),
])
def test_names_are_safe_on_windows(parts, expected):
    name = file_name(*parts, ext="pdf")
    assert expected is None or name == expected
    assert not set(name) & set('<>:"/\\|?*') and not name[:-4].endswith((" ", "."))
    assert name[:-4]                                          # never an empty stem
