"""The header's menus: what each holds, and which one the current page belongs to. The table
is the one place to add a page to the bar."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ckanext.chervonohrad.common.i18n import _n


@dataclass(frozen=True)
class Item:
    endpoint: str
    label: str
    # Blueprints whose pages light this item up (the dataset search lights up on a resource page too).
    blueprints: tuple[str, ...] = ()


DATA = (
    Item("dataset.search", _n("Datasets"), ("dataset", "resource")),
    Item("organization.index", _n("Publishers"), ("organization",)),
    Item("group.index", _n("Groups"), ("group",)),
    Item("showcase.search", _n("Use cases"), ("showcase", "chervonohrad_showcase")),
    Item("chervonohrad_materials.index", _n("Methodological materials"), ("chervonohrad_materials",)),
)
QUALITY = (
    Item("chervonohrad_reports.dashboard", _n("Dashboard")),
    Item("chervonohrad_reports.audit", _n("Audit")),
    Item("chervonohrad_performance.oblast_overview", _n("Hromadas")),
    Item("chervonohrad_performance.rating", _n("Rating")),
)
PARTICIPATION = (
    Item("chervonohrad_feedback.suggestions", _n("Suggestions")),
    Item("chervonohrad_news.index", _n("News"), ("chervonohrad_news",)),
)
BECOME_PUBLISHER = Item("chervonohrad_registration.register", _n("Become a publisher"))
APPLICATIONS = Item("chervonohrad_registration.index", _n("Applications"), ("chervonohrad_registration",))

MENUS = (("data", _n("Data"), DATA), ("quality", _n("Quality"), QUALITY),
         ("participation", _n("Participation"), PARTICIPATION))


def menus(oversees: bool) -> list[tuple[str, str, tuple[Item, ...]]]:
    """The bar's menus: the applications queue for those who oversee publishers (regional
    administrators and council officers), "Become a publisher" for everyone else. Pure."""
    last = APPLICATIONS if oversees else BECOME_PUBLISHER
    return [(key, label, items + (last,) if key == "participation" else items) for key, label, items in MENUS]


def is_active(item: Item, endpoint: str | None, blueprint: str | None) -> bool:
    return endpoint == item.endpoint or (blueprint is not None and blueprint in item.blueprints)


def active_in(items: Iterable[Item], endpoint: str | None, blueprint: str | None) -> bool:
    return any(is_active(item, endpoint, blueprint) for item in items)
