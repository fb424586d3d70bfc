"""Fuzzing every registered workflow's form: wrong types, lengths and hostile text through start().

Starting from each workflow's own `sample`, Hypothesis replaces fields with values of the wrong
type, out of range, enormous or hostile, drops required ones and adds unknown ones. Runner.start
either creates a record that the store keeps exactly (check() replays the files and compares),
or raises a WorkflowError (FieldError names each field in Chinese); a refused start writes
nothing but, for a permission refusal, its audit entry. HYPOTHESIS_PROFILE=full: 10x examples.
"""

import datetime as dt
import math
import os
import re

import param
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from meide.engine import Engine
from meide import clock
from meide.kernel import Actor, FieldError, WorkflowError, catalog
from meide.kernel.fields import Reference, form_fields
from meide.points import default_catalogue

from .registry_support import add_resident, small_registry

FULL = os.environ.get("HYPOTHESIS_PROFILE") == "full"
FUZZ = settings(max_examples=1500 if FULL else 150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CJK = re.compile(r"[\u4e00-\u9fff]")
WORKFLOWS = catalog.all_workflows()
ROLES = frozenset(role for cls in WORKFLOWS for role in cls.start_roles)
ADMIN = Actor("fuzz", "测试管理员", ROLES)                  # every role, the whole subdistrict
GRID_WORKER = Actor("grid9", "别网格员", {"网格员", "楼长"}, community=2, grid=3)

HOSTILE = st.sampled_from([
    "", " ", "<script>alert(1)</script>", "{{ 7*7 }}", "{% for x in range(10**9) %}{% endfor %}",
    "=cmd|' /C calc'!A0", "\x00", "\x1b[2J", "\u202e", "😀", "a" * 100_000, "号" * 20_000,
    "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T99:99", "-1", "1e309", "NaN",
    "../../etc/passwd", "__class__", "None", "true", "１２３",
])
WRONG = st.one_of(
    HOSTILE, st.text(max_size=50), st.none(), st.booleans(),
    st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
    st.sampled_from([2**63, 2**64, -(2**63) - 1, 10**20, float("nan"), float("inf")]),
    st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()),
)


@st.composite
def forms(draw):
    """A workflow, its sample with some fields replaced, removed or added, and who starts it."""
    cls = draw(st.sampled_from(WORKFLOWS))
    values = dict(cls.sample)
    names = [p.name for p in form_fields(cls)]
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        action = draw(st.sampled_from(["replace", "replace", "drop"]))
        if action == "drop":
            values.pop(name, None)
        else:
            values[name] = draw(WRONG)
    if draw(st.integers(0, 9)) == 0:
        values[draw(st.sampled_from(["__class__", "state", "scope", "名字", ""]))] = draw(WRONG)
    actor = draw(st.sampled_from([ADMIN, ADMIN, GRID_WORKER]))
    return cls, values, actor


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    registry = small_registry(tmp_path_factory.mktemp("fuzz-forms") / "data")
    for n in range(3):
        add_resident(registry, name=f"测试居民{'甲乙丙'[n]}", phone=f"1381234567{n}",
                     room=f"30{n + 1}")
    registry.merchants.add(name="便民超市", owner="刘店主", community="北门社区", grid="第一网格")
    registry.units.add(name="北门小区物业", kind="物业", community="北门社区")
    registry.teams.add(name="星火志愿服务队", community="北门社区")
    engine = Engine(registry.store)
    default_catalogue.install(engine.catalogue)
    runner = engine.runner
    # A workflow's first use prepares its tables and runs its migrations (writing that they
    # ran): done here, so what a refused start writes is measured alone, in any test order.
    for cls in WORKFLOWS:
        runner.workflow(cls.slug)
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield runner, registry.store
    registry.store.close()


def contents(opened):
    return {name: {doc.doc_id: dict(doc) for doc in opened.table(name)}
            for name in sorted(opened.db.tables())}


def without_refusals(tables):
    audit = {key: doc for key, doc in tables.get("audit", {}).items()
             if doc.get("action") != "refused"}
    return {**tables, "audit": audit}


def test_every_sample_starts_a_record(world):
    # The baseline the fuzzing departs from: unchanged samples are accepted.
    runner, _ = world
    for cls in WORKFLOWS:
        assert runner.start(cls.slug, ADMIN, dict(cls.sample)).state


@FUZZ
@given(form=forms())
def test_fuzzed_form_values_start_a_record_or_are_refused_clearly_writing_nothing(world, form):
    runner, opened = world
    cls, values, actor = form
    before = contents(opened)
    try:
        record = runner.start(cls.slug, actor, values)
    except WorkflowError as exc:
        event(f"refused: {type(exc).__name__}")
        assert CJK.search(str(exc)), str(exc)
        if isinstance(exc, FieldError):
            assert exc.problems and all(CJK.search(m) for m in exc.problems.values())
            # Each problem names a field of the form (one may be required only with another's
            # value: 单位 for an integrity review of a unit), so the form can show it there.
            assert set(exc.problems) <= set(values) | {p.name for p in form_fields(cls)}
        assert without_refusals(contents(opened)) == without_refusals(before)
        return
    event("started")
    stored = opened.table(f"wf_{cls.slug}").get(doc_id=record.id) or record.doc
    for parameter in form_fields(cls):
        value = stored["values"].get(parameter.name)
        if isinstance(value, float):
            assert math.isfinite(value), (parameter.name, value)
        if isinstance(parameter, (param.Integer, Reference)) and value is not None:
            assert isinstance(value, int) and not isinstance(value, bool), (parameter.name, value)
    report = opened.check()     # the files replay to exactly what memory holds
    assert report.ok, report.problems
    opened.compact()            # and a snapshot can hold it (orjson: 64-bit integers at most)
