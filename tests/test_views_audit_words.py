"""The audit page names every action the code writes, and the fields it shows, in Chinese."""

import re
from pathlib import Path

import pytest

import meide
from meide.i18n import _, using_locale
from meide.views import audit_log

SOURCE = Path(meide.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def written_actions() -> set:
    """Every action name a write to the audit log in meide/ can carry."""
    names = set(audit_log.LEDGER_ACTIONS) | {"create", "update", "delete", "refused"}
    for path in SOURCE.rglob("*.py"):
        text = path.read_text("utf-8")
        names |= set(re.findall(r"\.record\(\s*[^,()]+(?:\([^)]*\))?[^,()]*,\s*\"([a-z_.]+)\"",
                                text))
        names |= set(re.findall(r"\"(import\.[a-z]+)\"", text))
        names |= set(re.findall(r"\"(volunteer\.[a-z_]+)\"", text))
        names |= {f"workflow.{a}" for a in
                  re.findall(r"append_history\(\s*[^,]+,\s*[^,]+,\s*\"([a-z]+)\"", text)}
    names |= {"workflow.transition"}             # the runner's own append_history call
    return names


def test_the_source_scan_finds_the_actions():
    assert {"signin", "import.create", "workflow.note", "export"} <= written_actions()


@pytest.mark.parametrize("action", sorted(written_actions()))
def test_every_written_action_is_shown_in_chinese(action):
    assert action in audit_log.ACTIONS, f"the audit page shows {action!r} as it is written"
    with using_locale("zh_CN"):
        assert CJK.search(_(audit_log.ACTIONS[action]))


@pytest.mark.parametrize("field", sorted(audit_log.FIELD_LABELS))
def test_every_field_label_is_chinese(field):
    with using_locale("zh_CN"):
        assert CJK.search(_(audit_log.FIELD_LABELS[field]))


def test_changed_fields_are_named_not_shown_raw():
    with using_locale("zh_CN"):
        text = audit_log._summary({"after": {"phone": "139****5678"}, "before": {},
                                   "attempted": "open page", "page": "x"})
        phone, attempted = _("Phone"), _(audit_log.EXTRA_LABELS["attempted"])
    assert "phone" not in text and phone in text and "open page" not in text
    assert attempted in text and "page:" not in text
