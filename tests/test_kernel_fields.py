"""Form fields' clean(): every String field of every workflow has a length limit by its kind and
refuses control characters; only long_text fields take line breaks."""

import param
import pytest

from meide.kernel import FieldError, catalog
from meide.kernel.fields import MAX_CHARS, clean, form_fields, text_kind

# Every String field of every registered workflow (a Choice is one too, checked against its names
# elsewhere), with the kind its limit is declared by.
STRINGS = [(cls, parameter) for cls in catalog.all_workflows() for parameter in form_fields(cls)
           if isinstance(parameter, param.String)]


def ids(case):
    return f"{case[0].slug}.{case[1].name}"


def refused(cls, parameter, value) -> str:
    """The message clean gives for value in the field, or '' when it is taken."""
    try:
        clean(cls, {parameter.name: value}, partial=True)
    except FieldError as exc:
        return exc.problems.get(parameter.name, "")
    return ""


@pytest.mark.parametrize("case", STRINGS, ids=ids)
def test_each_text_field_takes_its_limit_and_refuses_one_character_more(case):
    cls, parameter = case
    limit = MAX_CHARS[text_kind(cls, parameter)]
    message = refused(cls, parameter, "字" * (limit + 1))
    assert f"最多{limit}个字" in message and f"现在有{limit + 1}个字" in message
    assert parameter.label in message
    if not getattr(parameter, "objects", None):      # a Choice takes only its names anyway
        assert refused(cls, parameter, "字" * limit) == ""


@pytest.mark.parametrize("case", STRINGS, ids=ids)
@pytest.mark.parametrize("control", ["\x00", "\x1b[2J", "\x7f", "\u202e", "\x85"])
def test_each_text_field_refuses_control_characters(case, control):
    cls, parameter = case
    message = refused(cls, parameter, f"张{control}三")
    assert "控制字符" in message and f"U+{ord(control[0]):04X}" in message


@pytest.mark.parametrize("case", STRINGS, ids=ids)
def test_line_breaks_are_taken_only_in_long_text_fields(case):
    cls, parameter = case
    message = refused(cls, parameter, "第一行\r\n第二行")
    if text_kind(cls, parameter) == "long_text":
        assert message == ""
        assert clean(cls, {parameter.name: "第一行\r\n第二行\r第三行\t完"}, partial=True) == {
            parameter.name: "第一行\n第二行\n第三行 完"}
    else:
        assert message == f"“{parameter.label}”只能填一行，请去掉换行"


def test_the_kinds_have_the_declared_limits():
    assert MAX_CHARS == {"name": 50, "line": 200, "long_text": 5000}
    kinds = {f"{cls.slug}.{p.name}": text_kind(cls, p) for cls, p in STRINGS}
    assert kinds["role_model.story_title"] == "name" and kinds["good_deed.witness"] == "name"
    assert kinds["lottery.place"] == "line" and kinds["good_deed.story_text"] == "long_text"
