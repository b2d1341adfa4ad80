"""A crafted portal for the reports room: three publishers in two hromadas, datasets in
every state the audit tells apart, scores set by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.chervonohrad.feedback.model import Feedback, Suggestion, SuggestionVote
from ckanext.chervonohrad.quality.model import DatasetScore
from tests.factories import PassportDataset, Publisher

OTHER_HROMADA = "UA46060250000025047"  # Lviv


def set_score(dataset, score, meets, on_time):
    row = model.Session.get(DatasetScore, dataset["id"])
    row.score, row.meets, row.on_time = score, meets, on_time
    model.Session.commit()


@pytest.fixture(scope="module")
def _portal(restore_point):
    return restore_point(make_portal)


@pytest.fixture
def portal(_portal):
    return _portal.restore()


def make_portal():
    """finance (executive body, 82 items apply): budget published on time, tax revenues
    published but late, transport stops only as a draft, roll-call votes only private, one
    public dataset of no item. water (communal enterprise, 51 items): its structure on time,
    and a budget dataset — an item that does not apply to its type. archive (executive body,
    another hromada): nothing."""
    coordinator = factories.UserWithToken(name="oblast-coordinator")  # a regional administrator in test.ini
    finance_admin = factories.UserWithToken(fullname="Савчук Ірина", email="finance@rada.example")
    finance_editor = factories.User()
    finance = Publisher(name="finance", title="Фінансове управління", edrpou="02317422",
                        officer_name="Савчук Ірина Богданівна", officer_email="finance@sheptytskyi.example",
                        users=[{"name": finance_admin["name"], "capacity": "admin"},
                               {"name": finance_editor["name"], "capacity": "editor"}])
    water = Publisher(name="water", title="Водоканал", publisher_type="communal_enterprise", edrpou="26162800")
    archive = Publisher(name="archive", title="Архів", hromada=OTHER_HROMADA, edrpou="44106679")
    budget = PassportDataset(name="budget", title="Бюджет громади", owner_org=finance["id"], list835_item="lsg-budget",
                             tags=[{"name": "бюджет"}, {"name": "фінанси"}])
    tax = PassportDataset(name="tax", title="Податкові надходження", owner_org=finance["id"],
                          list835_item="lsg-tax-revenues", update_frequency="once a quarter",
                          resources=[{"url": "https://data.example/tax.xlsx", "name": "Дані", "format": "XLSX",
                                      "resource_role": "data"},
                                     {"url": "https://data.example/tax.json", "name": "API", "format": "JSON",
                                      "resource_role": "api"},
                                     {"url": "https://data.example/tax-structure.csv", "name": "Структура",
                                      "format": "CSV", "resource_role": "structure"}])
    stops = PassportDataset(name="stops-draft", owner_org=finance["id"], state="draft",
                            list835_item="lsg-public-transport-stops")
    votes = PassportDataset(name="votes-private", owner_org=finance["id"], private=True,
                            list835_item="lsg-roll-call-votes")
    misc = PassportDataset(name="misc", title="Інше", owner_org=finance["id"], list835_item="")
    structure = PassportDataset(name="water-structure", title="Структура водоканалу", owner_org=water["id"],
                                list835_item="all-org-structure", maintainer="Бойко Василь",
                                maintainer_email="water@example.com")
    water_budget = PassportDataset(name="water-budget", title="Кошторис водоканалу", owner_org=water["id"],
                                   list835_item="lsg-budget")
    for dataset, score, meets, on_time in ((budget, 90, True, True), (tax, 60, False, False), (misc, 76, True, False),
                                           (structure, 40, False, True), (water_budget, 80, True, True),
                                           (stops, 30, False, True), (votes, 85, True, True)):
        set_score(dataset, score, meets, on_time)
    return {"finance": finance, "water": water, "archive": archive, "budget": budget, "tax": tax, "stops": stops,
            "votes": votes, "misc": misc, "structure": structure, "water_budget": water_budget,
            "coordinator": coordinator, "finance_admin": finance_admin, "finance_editor": finance_editor}


@pytest.fixture
def busy_portal(portal):
    """The portal with a history: the budget first published 14 months ago; feedback answered
    after 5 h and 30 h, one waiting, one spam; three suggestions with 3, 1 and 5 votes (the
    last declined)."""
    now = dt.datetime.utcnow()
    # The budget was first published 14 months ago (still within the 24-month window).
    budget = model.Session.get(model.Package, portal["budget"]["id"])
    budget.metadata_created = budget.metadata_modified = now - dt.timedelta(days=425)
    for package, days, hours, status in (("budget", 2, 5, "answered"), ("tax", 40, 30, "resolved"),
                                         ("misc", 1, None, "new"), ("misc", 3, 1, "rejected")):
        created = now - dt.timedelta(days=days)
        model.Session.add(Feedback(package_id=portal[package]["id"], category="other", message="…", status=status,
                                   created=created, first_response_at=created + dt.timedelta(hours=hours)
                                   if hours is not None else None))
    voters = [factories.User()["id"] for _ in range(5)]
    for title, votes, status in (("Розклад GTFS", 3, "planned"), ("Парковки", 1, "open"), ("Зарплати", 5, "declined")):
        suggestion = Suggestion(title=title, description="…", reason="…", status=status)
        model.Session.add(suggestion)
        model.Session.flush()
        for user_id in voters[:votes]:
            model.Session.add(SuggestionVote(suggestion_id=suggestion.id, user_id=user_id))
    model.Session.commit()
    return portal
