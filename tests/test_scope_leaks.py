"""No console page, record or document sends a staff member anyone outside their scope.

Each role (meide.registry.ROLES) is signed in with an account of two different communities
(its grid there for a grid role); each console page of the table (meide.views.pages.PAGES)
the role may open is built by the real Console over the demo — every workflow's form and list,
every record of every workflow in the catalogue (one started and taken as far as it goes in
each of the two communities), the sign-in sheets — and everything Bokeh would send the browser
(the document's JSON) is scanned, with the text of every PDF the record pages and the printing
page offer. It fails on the name, phone or ID number of a resident outside the account's scope
(outsiders are the residents whose name appears nowhere in the account's own data, so a shared
name is never mistaken for a leak), or the marker in the free text of a record outside it. A new page, workflow or document is covered with no new test.
The browser pass of the same check is tests/test_browser_scope.py. The second community is moved
to a second subdistrict, so a 街道管理员 of either is checked to see nothing of the other.
"""

import base64
import datetime as dt
import json
import re
import shutil
import uuid

import param
import pytest
from bokeh.document import Document

import store
from meide import clock, i18n
from meide.demo.year import build_year
from meide.engine import Engine
from meide.kernel import Actor, actor_from_staff, catalog, documents
from meide.kernel.defaults import current_year
from meide.kernel.errors import FieldError
from meide.kernel.fields import Reference
from meide.registry import ROLES, Scope
from meide.views import pages
from meide.views.console import Console
from meide.views.printing_page import BOARD, HONOURS, STATEMENT

from .printing_support import pdf_text

WORKFLOWS = catalog.all_workflows()
AT = dt.datetime(current_year(), 12, 28, 10, 0, tzinfo=clock.TIMEZONE)
ENTRIES, SEED = 600, 7
COMMUNITIES = ("北门社区", "翰林街社区")
# The second community is moved to a second subdistrict (the demo has one): a 街道管理员 of
# either sees nothing of the other's.
SECOND_SUBDISTRICT = "文昌街道"
# A 网格员 or 楼长 works in a grid, a 街道管理员 in its community's subdistrict, the others in a
# community.
ROLE_SCOPE = {role: levels[0] if levels == ("subdistrict",)
              else "community" if "community" in levels else "grid"
              for role, levels in ROLES.items()}
# Steps that go back or end a record early: the preparation takes the others.
BACKWARD = ("reject", "withdraw", "revise", "reopen", "cancel", "return", "void", "retract")
STEPS, SIGNERS = 12, 5
MARKERS = {}           # marker → (which record, its scope), filled by start_everywhere

# A full mainland mobile number, and an 18-character resident ID number, not inside a longer
# number: what no public or out-of-scope text may carry.
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def serialized(console) -> str:
    """What Bokeh sends a browser opening this console: its document's JSON, escapes decoded."""
    document = Document()
    document.add_root(console.__panel__().get_root(document))
    return json.dumps(document.to_json(), ensure_ascii=False, default=str)


def pdf_of(widget) -> str:
    """The text of the PDF a Download button sends (its callback, as a click runs it)."""
    widget._clicks += 1
    header, _sep, data = (widget.data or "").partition(",")
    if not data:
        return ""
    return pdf_text(base64.b64decode(data)) if header.endswith(";base64") else data


class People:
    """A new staff member for each step of the preparation (nobody approves their own work)."""

    def __init__(self):
        self.made = 0

    def holding(self, role, scope) -> Actor:
        self.made += 1
        grid = scope.get("grid") if ROLES[role][0] == "grid" else None
        return Actor(f"leak{self.made}", f"办理人{self.made}", {role},
                     subdistrict=scope.get("subdistrict"), community=scope.get("community"),
                     grid=grid)


def advance(runner, cls, record, people):
    """Take the record forward as far as its forward steps go (公示 ended by the clock), so
    that the documents its effects issue exist; stop at the first step a guard refuses."""
    declaration = cls.declaration()
    seen = {record.state}
    for _ in range(STEPS):
        forward = [t for t in declaration.transitions.values() if record.state in t.source
                   and not t.system and t.target not in seen
                   and not any(word in t.name for word in BACKWARD)]
        if not forward:
            timed = getattr(declaration.states[record.state], "timed", None)
            if timed is None:
                return record
            clock.advance(days=(timed.days or 0) + 1)
            runner.tick()
            record = runner.get(cls.slug, record.id)
            if record.state in seen:
                return record
            seen.add(record.state)
            continue
        step, before = forward[0], record.state
        changes = {name: cls.sample[name] for name in (step.inputs or ()) if name in cls.sample}
        for _signer in range(SIGNERS):
            try:
                record = runner.apply(cls.slug, record.id, step.name,
                                      people.holding(step.roles[0], record.scope),
                                      changes=changes or None, comment="同意")
            except Exception:
                return record
            if record.state != before:
                break
        seen.add(record.state)
    return record


def start_everywhere(engine, communities, people) -> dict:
    """One record of each workflow in each community (the sample's references replaced by the
    community's own residents, merchants...), taken forward; slug → [record ids]."""
    registry = engine.registry
    books = {"resident": registry.residents, "merchant": registry.merchants,
             "unit": registry.units, "building": registry.buildings, "team": registry.teams,
             "household": registry.households, "grid": registry.grids}
    started = {}
    for community in communities:
        place = Scope(community["subdistrict"], community.doc_id)
        for number, cls in enumerate(WORKFLOWS):
            values = dict(cls.sample)
            for field in cls.declaration().fields:
                if not isinstance(field, Reference) or values.get(field.name) is None:
                    continue
                if field.kind == "community":
                    values[field.name] = community.doc_id
                    continue
                docs = [doc for doc in books[field.kind].list(place) if not doc.get("minor")]
                # Another resident per workflow: a deduction does not bar the nomination.
                values[field.name] = docs[number % len(docs)].doc_id
            marker = f"标记{uuid.uuid4().hex[:10]}"
            # Its free text carries the record's marker: a record sent outside its scope is
            # seen even where a page names no resident.
            marked = {field.name: f"{values[field.name]}（{marker}）"
                      for field in cls.declaration().fields
                      if type(field) is param.String
                      and len(str(values.get(field.name) or "")) > 5}
            starter = people.holding("社区管理员", place.as_fields())
            try:
                record = engine.runner.start(cls.slug, starter, {**values, **marked})
            except FieldError as exc:       # text read as marks or a list: left unmarked
                marked = {name: text for name, text in marked.items()
                          if name not in exc.problems}
                record = engine.runner.start(cls.slug, starter, {**values, **marked})
            record = advance(engine.runner, cls, record, people)
            started.setdefault(cls.slug, []).append(record.id)
            if marked:                      # (a 评比期结算 has no free text)
                MARKERS[marker] = (f"{cls.slug} 第 {record.id} 号记录", record.scope)
    return started


def move_to_new_subdistrict(engine, community, name) -> None:
    """Everything of the community (its own row, grids, buildings, residents, merchants...,
    anything scoped to it) now belongs to a new subdistrict of that name."""
    new = engine.registry.subdistricts.add(name=name)
    for table_name in engine.store.db.tables():
        table = engine.store.table(table_name)
        mine = [doc for doc in table.all()
                if doc.doc_id == community.doc_id and table_name == "communities"
                or doc.get("community") == community.doc_id
                or (doc.get("scope") or {}).get("community") == community.doc_id]
        for doc in mine:
            changes = {"subdistrict": new} if "subdistrict" in doc else {}
            if isinstance(doc.get("scope"), dict) and "subdistrict" in doc["scope"]:
                changes["scope"] = {**doc["scope"], "subdistrict": new}
            if changes:
                table.update(changes, doc_ids=[doc.doc_id])


@pytest.fixture(scope="module")
def world(demo_data, tmp_path_factory):
    """The demo with a year of points, records of every workflow in two communities, and a
    staff account of each role in each of them; the engine stays open for the module."""
    folder = tmp_path_factory.mktemp("leaks") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    with Engine.open(folder) as engine, clock.frozen(AT), i18n.using_locale("zh_CN"):
        build_year(engine.store, engine.services, ENTRIES, seed=SEED, end=AT)
        registry = engine.registry
        move_to_new_subdistrict(engine, registry.communities.list(None, name=COMMUNITIES[1])[0],
                                SECOND_SUBDISTRICT)
        communities = [registry.communities.list(None, name=name)[0] for name in COMMUNITIES]
        assert communities[0]["subdistrict"] != communities[1]["subdistrict"]
        actors = {}
        for number, community in enumerate(communities):
            grid = registry.grids.list(Scope(community["subdistrict"], community.doc_id))[0]
            for role, level in ROLE_SCOPE.items():
                username = f"leak{list(ROLES).index(role)}c{number}"
                scope = (Scope(community["subdistrict"]) if level == "subdistrict" else
                         Scope(community["subdistrict"], community.doc_id,
                               grid.doc_id if level == "grid" else None))
                registry.staff.add(username, f"测试员{username[4:]}", "leak-test-pw", [role],
                                   scope)
                actors[role, community["name"]] = actor_from_staff(
                    registry.staff.by_username(username))
        records = start_everywhere(engine, communities, People())
        yield engine, actors, records


def organisation_text(registry) -> str:
    """Names anyone may see: the places, teams, merchants, units and staff, the samples."""
    books = (registry.communities, registry.grids, registry.buildings, registry.teams,
             registry.merchants, registry.units, registry.staff)
    names = [doc.get("display_name") or doc.get("name") or "" for book in books
             for doc in book.list(None)]
    return " ".join(names) + " ".join(str(cls.sample) for cls in WORKFLOWS)


def outsiders(registry, actor) -> dict:
    """secret → whose it is: each outside resident's phone and ID number, and their name when
    it appears nowhere in what the actor may see (their own residents, the organisation)."""
    everyone = registry.residents.list(None)
    inside = [doc for doc in everyone if actor.covers(
        {"subdistrict": doc.get("subdistrict"), "community": doc.get("community"),
         "grid": doc.get("grid")})]
    outside = [doc for doc in everyone if doc not in inside]
    seen = organisation_text(registry) + " ".join(
        f"{doc['name']} {doc.get('address', '')} {doc.get('phone', '')} "
        f"{doc.get('id_number', '')}" for doc in inside)
    secrets = {}
    for doc in outside:
        for key in ("name", "phone", "id_number"):
            value = doc.get(key)
            if value and value not in seen:
                secrets[value] = f"{doc['name']}（居民 {doc.doc_id}）的{key}"
    assert len(secrets) > 50, "too few outsiders to look for"
    outside_records = {marker: what for marker, (what, scope) in MARKERS.items()
                       if not actor.covers(scope)}
    assert outside_records, "no record outside the scope to look for"
    return {**secrets, **outside_records}


def addresses(page, records) -> list:
    """Every address of this console page: one per workflow, record or sign-in sheet."""
    if page.per_workflow or page.key == "form":
        return [f"{page.key}:{cls.slug}" for cls in WORKFLOWS]
    if page.key == "record":
        return [f"record:{slug}:{number}" for slug, numbers in records.items()
                for number in numbers]
    if page.key == "volunteer":
        return ["volunteer"] + [f"volunteer:{number}"
                                for number in records["volunteer_activity"]]
    return [page.key]


def downloads(view) -> list:
    """The PDF buttons a record page offers (a sign-in sheet page holds a record page)."""
    shown = getattr(view, "record_page", view)
    buttons = [pair[0] for kind in ("document_downloads", "honour_downloads")
               for pair in getattr(shown, kind, {}).values()]
    return buttons + list(getattr(shown, "file_downloads", {}).values())


def printed(view, actor, registry) -> dict:
    """The text of each single document the printing page prints for the actor's own place,
    by the actor whose outsiders it must not name: the honour boards are posters of the whole
    community (a grid worker prints their community's), a statement is one resident's."""
    community = Actor(f"{actor.username}-community", actor.name, actor.roles,
                      subdistrict=actor.subdistrict, community=actor.community)
    texts = {}
    for document in (BOARD, HONOURS, STATEMENT):
        view.document = document
        if document == STATEMENT:
            view.resident = registry.residents.list(actor.scope)[0].doc_id
        texts[document] = (actor if document == STATEMENT else community,
                           pdf_of(view.pdf_download))
    return texts


CASES = [(role, community) for role in ROLE_SCOPE for community in COMMUNITIES]


# Each page with each account that may open it (the table says who may).
OPENED = [pytest.param(role, community, page,
                       id=f"role{list(ROLES).index(role)}-c{COMMUNITIES.index(community)}-"
                          f"{page.key}")
          for role, community in CASES for page in pages.PAGES
          if page.roles is None or role in page.roles]


@pytest.mark.parametrize("role, community, page", OPENED)
def test_a_page_sends_nobody_outside_the_scope(world, page, role, community):
    engine, actors, records = world
    actor = actors[role, community]
    assert page.allows(actor)
    secrets = outsiders(engine.registry, actor)
    found, opened = {}, 0
    for address in addresses(page, records):
        console = Console(runner=engine.runner, actor=actor, page=address)
        texts = [serialized(console)]
        if console.view is not None:
            opened += 1
            texts += [pdf_of(button) for button in downloads(console.view)]
        sent = "\n".join(texts)
        found.update({secret: f"{address}: {whose}" for secret, whose in secrets.items()
                      if secret in sent})
        if page.key == "printing" and console.view is not None:
            for document, (bound, text) in printed(console.view, actor,
                                                   engine.registry).items():
                found.update({secret: f"{address} {document}: {whose}" for secret, whose
                              in outsiders(engine.registry, bound).items() if secret in text})
    assert opened, f"no address of {page.key} opened for {role}"
    assert found == {}, "\n".join(found.values())


def test_the_record_pages_offer_documents_and_show_the_scope_own_residents(world):
    """The capture works: an officer's record pages list their own residents and documents."""
    engine, actors, records = world
    actor = actors["社区管理员", COMMUNITIES[0]]
    mine = [doc["name"] for doc in engine.registry.residents.list(actor.scope)]
    sent, documents_seen = "", 0
    for address in addresses(pages.BY_KEY["record"], records):
        console = Console(runner=engine.runner, actor=actor, page=address)
        sent += serialized(console)
        if console.view is not None:
            documents_seen += len(downloads(console.view))
    assert documents_seen >= 3
    assert any(name in sent for name in mine)


def test_the_public_documents_show_no_phone_or_id_number(world):
    """Each document a record issued (notices posted on the board, certificates handed out)
    prints no full phone or ID number, whatever the free text of the record held."""
    engine, actors, records = world
    officer = actors["社区管理员", COMMUNITIES[0]]
    boss = Actor("leak-boss", "街道", {"街道管理员"}, subdistrict=officer.subdistrict)
    printed_texts = []
    for address in addresses(pages.BY_KEY["record"], records):
        console = Console(runner=engine.runner, actor=boss, page=address)
        printed_texts += [pdf_of(button) for button in downloads(console.view)]
    assert len(printed_texts) >= 3
    for text in printed_texts:
        assert not MOBILE.search(text) and not ID_NUMBER.search(text), text[:500]


def test_the_verify_page_shows_no_phone_or_id_number(world):
    """/verify shows a plaque's public facts: no phone or ID number, even one typed into the
    merchant's address or the reason a plaque was downgraded."""
    from meide.rating.plaques import Plaques
    from meide.views.verify import VerifyPage

    engine, _actors, _records = world
    plaques = Plaques(engine.store)
    merchant = engine.registry.merchants.list(None)[0]
    resident = engine.registry.residents.list(None)[0]
    contact = f"电话{resident['phone']}，身份证{resident['id_number']}"
    plaque = plaques.issue(
        subject_kind="merchant", subject_id=merchant.doc_id, subject_name=merchant["name"],
        card="merchant_star", title="诚信商户", stars=4, total=90.0, valid_from=AT.date(),
        valid_until=AT.date() + dt.timedelta(days=365), actor="leak-test",
        address=f"解放路1号（{contact}）", key="leak-test:plaque")
    downgraded = plaques.issue(
        subject_kind="merchant", subject_id=merchant.doc_id, subject_name=merchant["name"],
        card="merchant_star_2", title="诚信商户", stars=3, total=80.0, valid_from=AT.date(),
        valid_until=AT.date() + dt.timedelta(days=365), actor="leak-test",
        key="leak-test:plaque2")
    plaques.downgrade(downgraded["code"], reason=f"顾客投诉（{contact}）", actor="leak-test",
                      stars=2)
    for code in (plaque["code"], downgraded["code"]):
        sent = serialized_view(VerifyPage(plaques=plaques, code=code))
        assert merchant["name"] in sent and "★" in sent
        assert resident["phone"] not in sent and resident["id_number"] not in sent
        assert not MOBILE.search(sent) and not ID_NUMBER.search(sent)


def serialized_view(view) -> str:
    document = Document()
    document.add_root(view.__panel__().get_root(document))
    return json.dumps(document.to_json(), ensure_ascii=False, default=str)
