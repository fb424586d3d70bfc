"""The catalogue offers each workflow the signed-in person may start."""

import panel as pn

from meide import i18n
from meide.kernel import Actor
from meide.views.catalogue import Catalogue

from .views_support import REVIEWERS, WORKER, click, trial  # noqa: F401


def test_workflows_the_actor_may_start_are_offered(trial):
    offered = Catalogue(actor=WORKER).start_buttons
    assert {"good_deed", "test_view_trial"} <= set(offered)
    assert "test_view_trial" not in Catalogue(actor=REVIEWERS[0]).start_buttons


def test_a_newly_declared_workflow_appears_without_other_changes(trial):
    cls = trial
    assert cls.slug in Catalogue(actor=WORKER).start_buttons


def test_the_start_button_names_the_workflow(trial):
    catalogue = Catalogue(actor=WORKER)
    click(catalogue.start_buttons["good_deed"])
    assert catalogue.chosen == "good_deed"


def test_cards_speak_the_chosen_language():
    with i18n.using_locale("en"):
        catalogue = Catalogue(actor=Actor("x", "x", {"网格员"}))
        titles = [card.title for card in catalogue.__panel__().select(pn.Card)]
    assert "Good deed" in titles
