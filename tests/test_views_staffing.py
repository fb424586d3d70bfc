"""The settings page's staffing check: a community whose staff could never complete a step is named with what is missing."""

from meide import i18n
from meide.kernel import catalog
from meide.views.staffing import StaffingReport

from .views_support import OFFICER, REVIEWERS, add_staff, runner, trial  # noqa: F401
from meide.kernel.permissions import Actor

STREET = Actor("street1", "街道干部", {"街道管理员"})


def report_rows(engine, actor):
    with i18n.using_locale("zh_CN"):
        return StaffingReport(services=engine.runner.services, actor=actor).rows()


def test_a_quorum_short_of_reviewers_is_reported_until_the_accounts_exist(engine, runner, trial):  # noqa: F811,E501
    add_staff(engine.registry, OFFICER)
    trial_rows = [row for row in report_rows(engine, OFFICER) if row[1] == "测试评选"]
    assert ["北门社区", "测试评选", "评审通过", "“评审通过”需要 2 人签署，本范围内能签署的只有 0 人："
            "还需要 2 名评审委员账号"] in trial_rows
    for reviewer in REVIEWERS[:2]:
        add_staff(engine.registry, reviewer)
    assert not [row for row in report_rows(engine, OFFICER)
                if row[:3] == ["北门社区", "测试评选", "评审通过"]]


def test_a_community_administrator_sees_only_their_community(engine, runner, trial):  # noqa: F811
    communities = {row[0] for row in report_rows(engine, OFFICER)}
    assert communities == {"北门社区"}
    assert len({row[0] for row in report_rows(engine, STREET)}) > 1


def test_every_workflow_is_checked(engine, runner):  # noqa: F811
    # With no staff at all, every workflow has a step nobody could take.
    workflows = {row[1] for row in report_rows(engine, STREET)}
    assert workflows >= {cls.title for cls in catalog.all_workflows()}
