"""Every workflow states where its records belong; a community left blank is the starter's own."""

import pytest

from meide.kernel import Actor, catalog
from meide.kernel.workflow import scope_fields


# Workflows ranked, drawn or closed over a place rather than about one subject.
PLACED = [cls for cls in catalog.all_workflows() if cls.__module__.startswith("workflows.")
          and any(cls.param[f].kind == "community" for f in scope_fields(cls))]


@pytest.mark.parametrize("cls", catalog.all_workflows(), ids=lambda cls: cls.slug)
def test_every_workflow_states_where_its_records_belong(cls):
    assert scope_fields(cls) and all(cls.param[f].kind for f in scope_fields(cls))


def test_the_place_workflows_are_the_ones_over_a_community():
    assert {cls.slug for cls in PLACED} >= {"lottery", "commendation", "stairwell_period"}


@pytest.mark.parametrize("cls", PLACED, ids=lambda cls: cls.slug)
def test_a_blank_community_is_the_community_officers_own(cls, engine):
    beimen, hanlin = (engine.registry.communities.list(None)[i].doc_id for i in (0, 1))
    officer = Actor("officer1", "社区干部", {"社区管理员"}, community=hanlin)
    field = next(f for f in scope_fields(cls) if cls.param[f].kind == "community")
    values = {**cls.sample, field: None}
    record = engine.runner.start(cls.slug, officer, values)
    assert record.values[field] == hanlin and record.scope["community"] == hanlin
    # Naming another community is refused: it is not theirs to rank or draw.
    with pytest.raises(Exception, match="管辖范围"):
        engine.runner.start(cls.slug, officer, {**values, field: beimen})


@pytest.mark.parametrize("cls", PLACED, ids=lambda cls: cls.slug)
def test_only_subdistrict_staff_run_one_over_the_whole_subdistrict(cls, engine):
    street = Actor("street1", "街道干部", {"街道管理员"})
    field = next(f for f in scope_fields(cls) if cls.param[f].kind == "community")
    record = engine.runner.start(cls.slug, street, {**cls.sample, field: None})
    assert record.values.get(field) is None and record.scope.get("community") is None
