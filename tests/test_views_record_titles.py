"""Every document kind a workflow issues has a name on the record page; a workflow's own wins."""

from meide import i18n
from meide.kernel import catalog
from meide.kernel.documents import document_kinds
from meide.views.record import document_title
from workflows.deduction import Deduction
from workflows.merchant_star import MerchantStar
from workflows.role_model import RoleModel
from workflows.volunteer_activity import VolunteerActivity


def test_every_issued_document_kind_has_a_title_in_each_language():
    with i18n.using_locale("en"):
        untranslated = [f"{cls.slug}/{kind}" for cls in catalog.all_workflows()
                        if cls.__module__.startswith("workflows.") for kind in document_kinds(cls)
                        if not document_title(cls, kind).isascii()]
    assert not untranslated, "translate these titles in meide/locale/en: " + str(untranslated)


def test_a_workflows_own_kind_is_named_before_the_common_one():
    with i18n.using_locale("zh_CN"):
        assert document_title(RoleModel, "notice") == "公示"
        assert document_title(VolunteerActivity, "notice") == "志愿服务活动招募"
        assert document_title(Deduction, "notice") == "扣分告知书"
        assert document_title(VolunteerActivity, "roll") == "志愿服务时长登记"  # as printed
        assert document_title(MerchantStar, "merchant_plaque") == "星级商户牌"
    with i18n.using_locale("en"):
        assert document_title(VolunteerActivity, "notice") == "Volunteer recruitment notice"
