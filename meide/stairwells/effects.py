"""Kernel effects of the star stairwells: keep an approved inspection, close a period."""

from dataclasses import dataclass, field

from ..kernel.effects import Effect
from ..periods import Period
from ..rating import Scorecards
from . import documents
from .inspections import Inspections, marked
from .plaque import RotatingPlaque
from .scores import score_buildings
from .settings import StairwellSettings


@dataclass
class RecordInspection(Effect):
    """Keep the record's inspection (a field per scorecard criterion code) among the building's
    inspections, scored on the scorecard in force, so period scores can find it."""

    building_field: str = "building"
    card: str = "stairwell"

    def apply(self, ctx):
        workflow = ctx.workflow
        card = Scorecards(ctx.store).current(self.card)
        scored = marked(card, workflow)
        building = getattr(workflow, self.building_field)
        place = ctx.services.scope_of("building", building)
        doc = Inspections(ctx.store).record(
            building=building, community=place.get("community"), grid=place.get("grid"),
            scored=scored, card_version=card.version, inspector=workflow.inspector,
            inspected_on=workflow.inspected_on.isoformat(), notes=workflow.notes,
            photo=workflow.photo, source=f"{ctx.record.slug}:{ctx.record.id}", key=ctx.key)
        return {"effect": "inspection", "entry": doc.doc_id, "total": doc["total"]}


@dataclass
class ClosePeriod(Effect):
    """Close the record's period for its community (a 街道管理员 may name one, or none for the
    whole subdistrict): freeze every building's score among the record's outputs, name the
    plaque holder for the next period and add it to the plaque's history. Later ledger entries
    or inspections change nothing here; a period is closed once per community."""

    settings: StairwellSettings = field(default_factory=StairwellSettings)

    def apply(self, ctx):
        values, services = ctx.record.values, ctx.services
        community = _community(ctx.record.scope.get("community"), values.get("community"))
        period = Period(values["year"], values["quarter"])
        registry = services.registry
        if community is not None:
            scope_name = registry.communities.get(community)["name"]
        elif ctx.record.scope.get("subdistrict") is not None:
            scope_name = registry.subdistricts.get(ctx.record.scope["subdistrict"])["name"]
        else:
            scope_name = registry.subdistricts.only()["name"]
        rows = score_buildings(registry, services.ledger, Inspections(ctx.store), period,
                               community=community, settings=self.settings)
        if not rows:
            raise ValueError(f"{scope_name}还没有登记楼栋，无法结算")
        best = rows[0] if rows[0]["stars"] >= self.settings.plaque_min_stars else None
        plaque = RotatingPlaque(ctx.store)
        doc = plaque.hand_over(scope=community, scope_name=scope_name, period=period,
                               holder=best, source=f"{ctx.record.slug}:{ctx.record.id}",
                               key=ctx.key)
        history = plaque.history(community)
        values["community"] = community
        ctx.record.outputs.update(
            period_key=period.key, scope_name=scope_name, scores=rows,
            holder=doc["holder"] or {}, holds_for=doc["holds_for"],
            holders=documents.holders(history),
            plaque=documents.plaque_data(doc["holder"], history) if doc["holder"] else {},
            board=documents.board_data(rows, period.as_dict(), scope_name=scope_name,
                                       holder=doc["holder"], weights=self.settings.weights))
        return {"effect": "close_period", "period": period.key, "entry": doc.doc_id,
                "holder": (doc["holder"] or {}).get("building_name", "")}


def _community(scoped, chosen):
    """The community closed: the staff member's own, else the one a 街道管理员 named."""
    if scoped is not None and chosen is not None and int(chosen) != int(scoped):
        raise ValueError("社区工作人员只能结算本社区的评比期")
    return scoped if scoped is not None else chosen
