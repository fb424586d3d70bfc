"""The dashboard's numbers: participation, points by month, categories, hours, redemptions, stars.

Every figure is computed on the server for one staff scope (the whole subdistrict, a community
or a grid) and returned as plain tables, so the charts and the exported workbook show the same
numbers and nothing outside the scope ever leaves the server.
"""

import dataclasses
import datetime as dt
import io

import numpy

import store

from .. import clock
from ..periods import Period
from ..scope import Scope
from ..points import service_hours
from ..points.periods import moment

ORDERS, GOODS = "supermarket_orders", "supermarket_goods"


@dataclasses.dataclass(frozen=True)
class Table:
    """A titled table: what a chart draws and what the export writes.

    title and headers are English msgids the view translates (meide.views.dashboard marks them);
    place, category and goods names in the rows are data and shown as they are.
    """

    title: str
    headers: tuple
    rows: tuple


def last_months(count: int = 12, today: dt.date | None = None) -> list:
    """The count months (Periods) up to and including today's, oldest first."""
    months = [Period.containing(today or clock.today(), "month")]
    while len(months) < count:
        months.append(months[-1].previous())
    return months[::-1]


def months_of(start: dt.date, end: dt.date) -> list:
    """The months (Periods) of [start, end) up to today's, oldest first (a quarter's three)."""
    months, month = [], Period.containing(start, "month")
    while month.start < end and month.start <= clock.today():
        months.append(month)
        month = month.next()
    return months


class Dashboard:
    """Figures for one scope, from the ledger's in-memory columns and the store's small tables."""

    def __init__(self, services, scope: Scope, names: dict | None = None):
        self.services = services
        self.scope = scope
        # The charts break down by grids within a community, else by communities.
        self.field = "grid" if scope.community is not None else "community"
        self.store = services.ledger.store
        self._names = names if names is not None else place_names(services.registry)

    def name(self, place) -> str:
        if place in (None, "None"):
            return "—"
        return self._names[self.field].get(str(place), str(place))

    def _columns(self):
        # A snapshot of the ledger's earned-points columns, copied under the store's lock (as the
        # ledger copies them) so a write in another session is never half seen.
        columns = self.services.ledger.totals.columns
        if self.store.readonly:
            return columns.copy()
        with self.store.transaction():
            return columns.copy()

    def _inside(self, codes) -> numpy.ndarray:
        """Which profiles (by number) lie inside the scope."""
        def allowed(level):
            return numpy.array([self.scope.allows(level, value) for value in codes.values(level)],
                               dtype=bool)[codes[level]]
        return allowed("community") & allowed("grid")

    def _period(self, columns, start, end) -> tuple:
        """(points per profile in [start, end), profile codes, profiles inside the scope that
        earned or lost points)."""
        totals, codes = columns.totals(start, end), columns.codes()
        return totals, codes, self._inside(codes) & (totals != 0)

    def participation(self, start, end) -> Table:
        """Residents who earned points in [start, end) out of the residents in each place."""
        field = self.field
        residents = self._residents_per_place(field)
        totals, codes, counted = self._period(self._columns(), start, end)
        earned = counted & (totals > 0) & (codes["kind"] == codes.fields["kind"].find("resident"))
        places, place = _keyed(codes.values(field), codes[field][earned], str)
        accounts = numpy.unique(place * max(1, len(codes.accounts)) + codes["account"][earned])
        joined = numpy.bincount(accounts // max(1, len(codes.accounts)), minlength=len(places))
        active = dict(zip(places, joined.tolist()))
        rows = []
        for place in sorted(residents, key=_place_order):
            count = active.get(place, 0)
            rows.append((self.name(place), count, residents[place],
                         round(100 * count / residents[place], 1)))
        return Table("Participation", ("Place", "Residents taking part", "Number of residents",
                                       "Participation (%)"), tuple(rows))

    def _residents_per_place(self, field) -> dict:
        """{str(place): residents} inside the scope (and the registry's own scope, if any)."""
        registry_scope = self.services.registry.effective_scope(None)
        counts = {}

        # The stored documents, not copies (copying 100,000 residents was most of a dashboard).
        for _, doc in self.services.registry.residents.table.scan():
            if self.scope.covers(doc) and (
                    registry_scope is None or registry_scope.covers(doc, "residents")):
                place = str(doc.get(field))
                counts[place] = counts.get(place, 0) + 1
        return counts

    def points_by_month(self, months: list) -> Table:
        """Points earned in each month, per community (or per grid within one community)."""
        field = self.field
        columns, by_month, places = self._columns(), [], set()
        for month in months:
            points, codes, counted = self._period(columns, *month.bounds)
            totals = _summed(codes.values(field), codes[field][counted], points[counted], str)
            places.update(totals)
            by_month.append((month.key, totals))
        ordered = sorted(places, key=_place_order)
        rows = tuple((label, *(totals.get(place, 0) for place in ordered))
                     for label, totals in by_month)
        return Table("Points by month", ("Month", *(self.name(p) for p in ordered)), rows)

    def categories(self, start, end, top: int = 8) -> Table:
        points, codes, counted = self._period(self._columns(), start, end)
        totals = _summed(codes.values("category"), codes["category"][counted], points[counted],
                         lambda category: category or "—")
        ranked = sorted(((c, p) for c, p in totals.items() if p > 0), key=lambda i: -i[1])
        return Table("Points by category", ("Category", "Points"), tuple(ranked[:top]))

    def volunteer_hours(self, start, end) -> Table:
        """Hours of service under per-hour rules, net of reversals, per place."""
        catalogue = self.services.ledger.catalogue
        hourly = {rule.code for name in catalogue.catalogues()
                  for rule in catalogue.rules(catalogue=name) if rule.per == "hour"}
        totals = service_hours.hours_per_place(self.store, hourly, start, end, self.scope,
                                               self.field)
        rows = tuple((self.name(p), round(h, 1)) for p, h in
                     sorted(totals.items(), key=lambda i: _place_order(i[0])) if h)
        return Table("Volunteer hours", ("Place", "Hours"), rows)

    def redemptions(self, start, end) -> Table:
        low, high = moment(start).isoformat(), moment(end).isoformat()
        totals = {}
        for order in self.store.table(ORDERS).all():
            if order.get("status") != "done" or not low <= order["at"] < high:
                continue
            if not self.scope.covers(order):
                continue
            for line in order["lines"]:
                count, points = totals.get(line["name"], (0, 0))
                totals[line["name"]] = (count + line["quantity"],
                                        points + line["points"] * line["quantity"])
        rows = tuple((name, count, points) for name, (count, points) in
                     sorted(totals.items(), key=lambda i: -i[1][1]))
        return Table("Goods redeemed", ("Goods", "Items", "Points"), rows)

    def stock(self) -> Table:
        """Stock on the shelves today, a row per community and goods (goods of the same name in
        one community added up; the subdistrict's shared goods under '—'), emptiest first."""
        names = self._names["community"]
        # Goods are stocked per community: a grid worker sees their community's shelf, a
        # subdistrict's staff the shelves of its communities.
        shelves = {str(doc.doc_id) for doc in self.services.registry.communities.list()
                   if self.scope.covers(doc, "communities")}
        totals = {}
        for goods in self.store.table(GOODS).all():
            community = goods.get("community")
            if community is not None and str(community) not in shelves:
                continue
            if goods.get("active", True) is False:
                continue
            place = names.get(str(community), str(community)) if community is not None else "—"
            key = (place, goods["name"], goods.get("points", 0))
            totals[key] = totals.get(key, 0) + goods.get("stock", 0)
        rows = sorted(((place, name, stock, points) for (place, name, points), stock
                       in totals.items()), key=lambda row: (row[2], row[0], row[1]))
        return Table("Stock today", ("Community", "Goods", "In stock", "Price in points"),
                     tuple(rows))

    def merchant_stars(self, on: dt.date | None = None) -> Table:
        """How many merchants hold a plaque in force on the day `on` (today) of each star level."""
        from ..rating.plaques import TABLE, Plaques
        plaques = Plaques(self.store)
        on = on or clock.today()
        counts = {stars: 0 for stars in range(1, 6)}
        for plaque in self.store.table(TABLE).search(store.where("card") == "merchant"):
            if plaques.status(plaque, on) == "valid" and plaque["valid_from"][:10] <= \
                    on.isoformat() and self.scope.covers(plaque.get("scope")):
                counts[plaque["stars"]] += 1
        return Table("Star merchants", ("Stars", "Number of merchants"),
                     tuple(("★" * stars, count) for stars, count in counts.items()))

    def figures(self, start, end, tables: list = None) -> dict:
        """The key numbers of [start, end): points earned (the categories that earned, as the
        category chart adds them), volunteer hours, points redeemed and residents taking part;
        the hours and redemptions are read from tables (of the same period) when given."""
        shown = {table.title: table for table in tables or ()}
        hours = shown.get("Volunteer hours") or self.volunteer_hours(start, end)
        redeemed = shown.get("Goods redeemed") or self.redemptions(start, end)
        totals, codes, counted = self._period(self._columns(), start, end)
        categories = _summed(codes.values("category"), codes["category"][counted],
                             totals[counted], lambda category: category or "—")
        earned = counted & (totals > 0) & (codes["kind"] == codes.fields["kind"].find("resident"))
        return {"points": sum(points for points in categories.values() if points > 0),
                "hours": round(sum(row[1] for row in hours.rows), 1),
                "redeemed": sum(row[2] for row in redeemed.rows),
                "participants": int(numpy.unique(codes["account"][earned]).size)}

    def tables(self, start, end, months: list = None) -> list:
        """Every table over [start, end): months (the months of the period by default) for the
        monthly chart; the stock is today's, the star merchants those in force on the last day
        (or today, if sooner)."""
        months = months if months is not None else months_of(start, end)
        last = min(end - dt.timedelta(days=1), clock.today())
        return [self.participation(start, end), self.points_by_month(months),
                self.categories(start, end), self.volunteer_hours(start, end),
                self.redemptions(start, end), self.stock(), self.merchant_stars(last)]


def place_names(registry) -> dict:
    """{'community': {str(id): name}, 'grid': {str(id): name}}: ids of the two tables overlap."""
    return {"community": {str(doc.doc_id): doc["name"] for doc in registry.communities.list()},
            "grid": {str(doc.doc_id): doc["name"] for doc in registry.grids.list()}}


def workbook(tables: list, title: str, translate=str) -> bytes:
    """The tables as an .xlsx workbook, one sheet each (the numbers behind the charts)."""
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(translate(table.title)[:31])
        sheet.append([title])
        sheet.append([translate(header) for header in table.headers])
        for row in table.rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _keyed(values: list, column, key) -> tuple:
    """(distinct keys in the order their first row comes, each row's key's place in them):
    rows hold codes into values, and values with the same key count as one."""
    names = list(dict.fromkeys(key(value) for value in values))
    number = {name: place for place, name in enumerate(names)}
    rows = numpy.array([number[key(value)] for value in values], dtype=numpy.int64)[column]
    codes, firsts, inverse = numpy.unique(rows, return_index=True, return_inverse=True)
    order = numpy.argsort(firsts)           # first-seen order, as a dict adds keys
    renumber = numpy.empty(len(order), dtype=numpy.int64)
    renumber[order] = numpy.arange(len(order))
    return [names[code] for code in codes[order].tolist()], renumber[inverse.ravel()]


def _summed(values: list, column, points, key) -> dict:
    """{key: points} over rows (codes into values), keys in the order their first row comes."""
    keys, place = _keyed(values, column, key)
    sums = numpy.zeros(len(keys), dtype=numpy.int64)
    numpy.add.at(sums, place, points)
    return dict(zip(keys, sums.tolist()))


def _place_order(place):
    text = str(place)
    return (0, int(text)) if text.isdigit() else (1, text)
