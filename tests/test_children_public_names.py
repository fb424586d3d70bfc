"""A child's name never appears on a public document unless the programme's rule for children
allows it: checked over every public kind in the document registry, and on the boards built
from the ledger."""

import datetime as dt

import pytest

from meide import clock
from meide.children.guardians import add_child
from meide.children.public_names import allow_full_names, for_public, full_names_allowed
from meide.kernel.documents import all_kinds
from meide.periods import Period
from meide.points import Catalogue, Ledger, default_catalogue
from meide.printing import printer
from meide.printing.masking import NAME_FIELDS
from meide.privacy import mask_name
from meide.reports import printouts
from meide.supermarket.redemption import resident_account

from .registry_support import add_resident, registry  # noqa: F401  (fixture)
from .test_workflow_volunteer_activity import world  # noqa: F401  (fixture)

PUBLIC_KINDS = [kind for kind in all_kinds() if kind.public]
PERSON_FIELDS = NAME_FIELDS | {"recipient", "nominee", "person_name"}


def people_in(data) -> list:
    """The names the data holds in person fields (and a workflow's names of its references)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PERSON_FIELDS and isinstance(value, str) and len(value) > 1:
                found.append(value)
            elif key == "names" and isinstance(value, dict):
                found += [name for name in value.values() if isinstance(name, str)]
            else:
                found += people_in(value)
    elif isinstance(data, (list, tuple)):
        for item in data:
            found += people_in(item)
    return found


def listed(kind) -> str:
    """A person the kind's sample prints (full, as shown): the one a child will stand for."""
    sample = kind.sample()
    shown = printer.html(kind, sample, mask_names=False)
    named = [name for name in people_in(sample) if name in shown and len(name) > 2]
    return named[0] if named else ""


def test_some_public_kinds_list_people():
    assert len([kind for kind in PUBLIC_KINDS if listed(kind)]) >= 5


@pytest.mark.parametrize("kind", [k for k in PUBLIC_KINDS if listed(k)], ids=lambda k: k.slug)
def test_a_childs_name_is_masked_on_every_public_kind_unless_allowed(registry, kind):  # noqa: F811
    name = listed(kind)
    guardian = add_resident(registry)
    add_child(registry, guardian=guardian, name=name, gender="男", birth_date="2016-05-01",
              household=registry.residents.get(guardian)["household"])
    shown = printer.html(kind, for_public(registry, kind.sample()))
    assert name not in shown and mask_name(name) in shown
    assert not full_names_allowed(registry.store)
    assert allow_full_names(registry, True)
    shown = printer.html(kind, for_public(registry, kind.sample()))
    assert (mask_name(name) if kind.mask.names else name) in shown


def test_an_adult_of_the_same_name_as_no_child_is_shown_in_full(registry):  # noqa: F811
    add_resident(registry, name="欧阳建国")
    data = {"items": [{"name": "欧阳建国"}]}
    assert for_public(registry, data) == data


def test_the_rule_is_audited_and_set_once(registry):  # noqa: F811
    assert allow_full_names(registry, True) and not allow_full_names(registry, True)
    assert allow_full_names(registry, False) and not full_names_allowed(registry.store)
    assert len(registry.audit.entries(action="settings.children_full_names")) == 2


def test_the_quarterly_board_built_from_the_ledger_masks_the_child(tmp_path):
    from .registry_support import small_registry
    with clock.frozen(dt.datetime(2026, 9, 20, 10, 0)):
        opened = small_registry(tmp_path / "data")
        ledger = Ledger(opened.store, default_catalogue.install(Catalogue(opened.store)))
        father = add_resident(opened)
        child = add_child(opened, guardian=father, name="王小泽", gender="男",
                          birth_date="2016-05-01",
                          household=opened.residents.get(father)["household"])
        ledger.award(resident_account(opened.residents.get(child)), "CHILD_STUDY_HELP",
                     reason="四点半课堂", actor="admin", key="k1")
        ledger.award(resident_account(opened.residents.get(father)), "NEIGHBOUR_HELP",
                     reason="邻里互助", actor="admin", key="k2")
        community = opened.communities.get(opened.residents.get(child)["community"])
        period = Period.quarter(2026, 3)
        board = printouts.quarterly_board(opened, ledger, community, period)
        names = [entry["name"] for section in board["sections"] for entry in section["entries"]]
        assert "王*泽" in names and "王小泽" not in names and "张晓华" in names
        allow_full_names(opened, True)
        board = printouts.quarterly_board(opened, ledger, community, period)
        assert "王小泽" in [entry["name"] for s in board["sections"] for entry in s["entries"]]
        opened.store.close()


def test_a_workflow_notice_naming_a_child_prints_the_name_masked(engine):
    import base64

    from meide.kernel import Actor
    from meide.views.record import RecordPage

    from .printing_support import pdf_text

    worker = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
    officer = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
    reviewers = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, community=1) for i in range(3)]
    registry, runner = engine.services.registry, engine.runner
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        guardian = add_resident(registry)
        child = add_child(registry, guardian=guardian, name="李秀英", gender="女",
                          birth_date="2014-05-01",
                          household=registry.residents.get(guardian)["household"])
        account = runner.services.account("resident", child)
    for day in range(1, 6):        # 10 points, the nomination's threshold, within the caps
        with clock.frozen(dt.datetime(2026, 10, day, 18, 0)):
            runner.services.ledger.award(account, "CHILD_STUDY_HELP", reason="学习互助",
                                         actor="officer1", key=f"earn:{day}")
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        record = runner.start("role_model", worker, {
            "nominee": child, "category": "好婆婆", "story_title": "小小志愿者",
            "story": "李秀英每天帮邻居奶奶取报纸。"})
        runner.apply("role_model", record.id, "check", officer)
        for reviewer in reviewers:
            record = runner.apply("role_model", record.id, "pass_review", reviewer)
        view = RecordPage(runner=runner, actor=officer, slug="role_model", record_id=record.id)
        [(pdf, _png)] = view.document_downloads.values()
        pdf._clicks += 1
        text = pdf_text(base64.b64decode(pdf.data.partition(",")[2]))
    assert "李*英" in text and "李秀英" not in text


def test_a_child_volunteers_hours_certificate_names_them_masked(world):  # noqa: F811
    from meide.volunteer.certificate import certificate_data

    from .test_volunteer_stats import OFFICER, YEAR, verified

    verified(world, {"zhang": 3})
    people, registry = world["people"], world["runner"].services.registry
    registry.residents.mark_minor(people["zhang"], people["li"])
    data = certificate_data(world["runner"], OFFICER, people["zhang"], *YEAR, "北门社区居民委员会")
    assert data["recipient"] == "张*华"
