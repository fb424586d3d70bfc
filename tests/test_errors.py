"""Every MeideError's message is what staff read: Chinese, wherever the error is raised."""

import ast
import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import meide
import workflows
from meide.errors import MeideError, NotFound, OutOfScope, worded_for_staff

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")         # an English word (codes and units are shorter)
# Raised only with a message made elsewhere (its own tests read it).
MESSAGE_FROM_ELSEWHERE = {"CategoryRefused": "RoleModelCategories.refusal()"}

RULE = SimpleNamespace(code="VOL", name="志愿服务", points=5, per="event", unit="次",
                       applies_to_label=lambda: "成年居民")
# Arguments for the errors that build their own message from details.
SAMPLES = {
    "FieldError": ({"name": "请填写姓名"},), "Stopped": ("cpu",),
    "ValidationError": (["第3行：身份证号位数不对"],),
    "AttendanceError": ("第2行：签到时间不对",),
    "GoodsImportError": (["第3行「兑换积分」列（C列）：应填整数"],),
    "CatalogueNotFound": ("北门社区",),
    "RuleNotFound": ("VOLL", ["VOL"]),
    "RuleNotInEffect": ("VOL", "志愿服务", dt.date(2026, 10, 1)),
    "RuleNotApplicable": (RULE, "儿童账户"),
    "WrongDirection": (RULE, "deduct"),
    "EvidenceRequired": (RULE,),
    "ReviewRequired": (RULE,),
    "CapExceeded": (RULE, "day", 10, 10, 5),
    "InsufficientBalance": ("resident:1", 3, 10),
    "EntryNotFound": (7,),
    "AlreadyReversed": (7, 9),
    "NotReversible": (9,),
    "IdempotencyConflict": ("award-1", 7),
    "GoodsNotFound": (3,),
    "NotOnSale": ("洗衣液", "2026-10-01"),
    "OutOfStock": ("洗衣液", 0, 2),
    "LimitExceeded": ("洗衣液", "month", 2, 2, 1),
    "EmptyBasket": (),
    "GuardianRequired": ("王小明",),
    "NotEnoughPoints": ("王小明", 3, 10),
    "OrderNotFound": (12,),
    "KeyReused": ("order-1", 12),
}


def _all_subclasses():
    for package in (meide, workflows):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith(".__main__"):        # that one runs the command
                importlib.import_module(info.name)
    found, todo = {}, [MeideError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.split(".")[0] in ("meide", "workflows"):
                found.setdefault(f"{sub.__module__}.{sub.__qualname__}", sub)
            todo.append(sub)
    return found


def _raised_messages() -> dict:
    """{class name: [literal text of each message it is raised with in meide/ and workflows/]}."""
    messages = {}
    for package in ("meide", "workflows"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                        and node.exc.args):
                    continue
                called = node.exc.func
                name = getattr(called, "id", None) or getattr(called, "attr", None)
                first = node.exc.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    text = first.value
                elif isinstance(first, ast.JoinedStr):
                    text = "".join(part.value for part in first.values
                                   if isinstance(part, ast.Constant))
                else:
                    continue            # a message passed on from elsewhere
                messages.setdefault(name, []).append(f"{path.relative_to(ROOT)}: {text}")
    return messages


CLASSES = _all_subclasses()
RAISED = _raised_messages()


def test_the_engine_has_one_error_root_for_its_packages():
    roots = {name.rsplit(".", 1)[-1] for name in CLASSES}
    assert {"WorkflowError", "PointsError", "RegistryError", "SupermarketError", "CapExceeded",
            "LotteryError", "PlaqueRefused", "FontsMissing", "ClockFileError"} <= roots


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_error_staff_may_see_speaks_chinese(name):
    cls = CLASSES[name]
    short = cls.__name__
    messages = list(RAISED.get(short, ()))
    if "__init__" in vars(cls):
        assert short in SAMPLES, f"{name} builds its own message: add sample arguments to SAMPLES"
        messages.append(f"{short}{SAMPLES[short]!r}: {cls(*SAMPLES[short])}")
    assert messages or cls.__subclasses__() or short in MESSAGE_FROM_ELSEWHERE, \
        f"{name} is never raised with a message"
    english = [message for message in messages
               if WORD.search(text := message.split(": ", 1)[1]) and not CHINESE.search(text)]
    assert not english, f"{name} is raised with a message staff cannot read: {english}"


def test_out_of_scope_reads_as_not_found_and_is_worded_for_staff():
    refused = OutOfScope("居民“王芳”不在您的管辖范围内")
    assert isinstance(refused, NotFound) and isinstance(refused, LookupError)
    assert worded_for_staff(refused) and str(refused) == "居民“王芳”不在您的管辖范围内"


def test_the_store_and_plain_errors_are_not_worded_for_staff():
    import store
    assert not worded_for_staff(store.StoreError("cannot open the store at /data"))
    assert not worded_for_staff(KeyError("name"))


def test_errors_callers_catch_as_value_errors_still_are():
    from meide.kernel import FieldError
    from meide.recognition.lottery import LotteryError
    from meide.stairwells.plaque import PeriodAlreadyClosed
    for cls in (FieldError, LotteryError, PeriodAlreadyClosed):
        assert issubclass(cls, ValueError) and issubclass(cls, MeideError)
