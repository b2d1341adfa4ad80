"""The information audit against Resolution 835's list (action plan items 5.1–5.2).

For every publisher, each item of the list that applies to its type is
- published: a public dataset fulfils it and at least one is updated on time;
- overdue: public datasets fulfil it, none updated on time;
- incomplete: only drafts or private datasets fulfil it (work in progress, not published);
- missing: nothing fulfils it.
Administrators name who answers for an unpublished item and by when.

Reads: one query for the publishers, one grouped query over package + the stored scores
(the score keeps each dataset's 835 item) — or, for counts only, each publisher's stored
item flags (performance.summary) — and one for the assignments; never a query per publisher; a
hromada filter narrows each of them to the hromada's publishers. The rest is pure
arithmetic on top of performance.figures.

Drafts and private datasets count for every viewer (an item is "incomplete"), but their
titles and names are shown only to those whom package_show lets read them (`for_viewer`);
everyone else sees how many there are.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

import ckan.authz as authz
from ckan import model
from ckan.lib.plugins import get_permission_labels

from ckanext.chervonohrad.common.extras import org_value
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.common.sql import without_jit
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.hromada import filters as hromada_filters
from ckanext.chervonohrad.hromada.filters import of_publishers, publisher_ids
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.performance import figures, summary
from ckanext.chervonohrad.reports.model import AuditAssignment

STATUSES = ("published", "overdue", "incomplete", "missing")
STATUS_LABELS = {
    "published": {"uk": "Оприлюднено", "en": "Published"},
    "overdue": {"uk": "Оприлюднено, але не оновлено вчасно", "en": "Published but overdue"},
    "incomplete": {"uk": "Не оприлюднено (лише чернетка чи приватний)", "en": "Incomplete (draft or private only)"},
    "missing": {"uk": "Відсутній", "en": "Missing"},
}

PUBLISHERS_SQL = text(f"""
SELECT g.id, g.name, g.title, {org_value('g', 'publisher_type')} AS publisher_type,
       {hromada_filters.VALUE} AS hromada, {org_value('g', 'edrpou')} AS edrpou
FROM "group" g
WHERE g.is_organization AND g.state = 'active' AND (CAST(:org AS text) IS NULL OR g.id = :org)
  AND (CAST(:hromada AS text) IS NULL OR {hromada_filters.VALUE} = :hromada)
ORDER BY lower(g.title), g.name
""")


# One row per (publisher, 835 item) that any dataset — public, private or draft — fulfils;
# the list of those datasets only when a page or an export shows them.
_ITEMS = """
WITH d AS (
    SELECT p.owner_org, s.list835_item AS item, p.id, p.name, p.title,
           (p.state = 'active' AND NOT p.private) AS public, coalesce(s.on_time, false) AS on_time
    FROM package p
    JOIN chervonohrad_dataset_score s ON s.package_id = p.id
    WHERE p.type = 'dataset' AND p.state IN ('active', 'draft') AND p.owner_org IS NOT NULL
      AND coalesce(s.list835_item, '') <> '' AND (CAST(:org AS text) IS NULL OR p.owner_org = :org)
      AND {of_publishers}
)
SELECT owner_org, item, bool_or(public) AS public, bool_or(public AND on_time) AS on_time, {datasets} AS datasets
FROM d
GROUP BY owner_org, item
"""
# (The score keeps its dataset's publisher: testing both lets either index narrow the rows.)
_OF_PUBLISHERS = f"{of_publishers('p.owner_org')} AND {of_publishers('s.owner_org')}"
ITEMS_SQL = text(_ITEMS.format(of_publishers=_OF_PUBLISHERS, datasets="""json_agg(json_build_object(
    'id', id, 'name', name, 'title', title, 'public', public, 'on_time', on_time)
    ORDER BY public DESC, on_time DESC, title)"""))
# The same facts without the lists, one row per publisher: stored (performance.summary).
ITEM_FLAGS_SQL = text(f"""
SELECT owner_org, items_any AS items, items AS public, items_on_time AS on_time
FROM chervonohrad_publisher_summary
WHERE (CAST(:org AS text) IS NULL OR owner_org = :org) AND {of_publishers('owner_org')}
""")


# ---- pure ------------------------------------------------------------------------------

def item_statuses(applicable: list[dict[str, Any]], found: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each applicable item's status. `found`: {item id: {public, on_time}} of the datasets
    that fulfil an item. Published / overdue / missing as the rating counts them
    (figures.coverage); a missing item with drafts or private datasets is incomplete."""
    cover = figures.coverage(applicable, [k for k, v in found.items() if v["public"]],
                             [k for k, v in found.items() if v["on_time"]])
    return {key: "incomplete" if status == "missing" and key in found else status
            for key, status in cover["items"].items()}


def counts(statuses: list[str]) -> dict[str, Any]:
    """How many items of each status; the share covered (published or overdue, as the
    rating's coverage) and the share published on time."""
    result: dict[str, Any] = {state: statuses.count(state) for state in STATUSES}
    result["applicable"] = len(statuses)
    covered = result["published"] + result["overdue"]
    result["share"] = round(100 * covered / len(statuses), 1) if statuses else None
    result["on_time_share"] = round(100 * result["published"] / len(statuses), 1) if statuses else None
    return result


def _applicable(list835: list[dict[str, Any]], publisher_type: str | None) -> list[dict[str, Any]]:
    if list835 is vocabularies.items("list835"):
        return _applicable_of_shipped_list(publisher_type)
    return figures.applicable_items(list835, publisher_type)


@functools.cache
def _applicable_of_shipped_list(publisher_type: str | None) -> list[dict[str, Any]]:
    """figures.applicable_items of data/list835.yaml, worked out once per publisher type."""
    return figures.applicable_items(vocabularies.items("list835"), publisher_type)


def publisher_audit(publisher: dict[str, Any], list835: list[dict[str, Any]], found: dict[str, dict[str, Any]],
                    assignments: dict[str, dict[str, Any]], today: dt.date, detail: bool = True) -> dict[str, Any]:
    """One publisher's audit: every applicable item with its status, datasets and assignment
    (`detail`), or only the counts and each item's status."""
    applicable = _applicable(list835, publisher.get("publisher_type"))
    statuses = item_statuses(applicable, found)
    if not detail:
        past_due = sum(1 for key, a in assignments.items()
                       if a.get("due_date") and a["due_date"] < today and statuses.get(key, "published") != "published")
        return {"id": publisher["id"], "name": publisher["name"], "title": publisher["title"] or publisher["name"],
                "publisher_type": publisher.get("publisher_type"), "hromada": publisher.get("hromada"),
                "edrpou": publisher.get("edrpou"), "counts": counts(list(statuses.values())), "past_due": past_due,
                "statuses": statuses}
    items = []
    for item in applicable:
        key = item["id"]
        assigned = assignments.get(key) or {}
        due = assigned.get("due_date")
        items.append({
            "id": key, "section": item["section"], "title": item["title"], "status": statuses[key],
            "datasets": (found.get(key) or {}).get("datasets") or [],
            "responsible": assigned.get("responsible") or "", "due_date": due.isoformat() if due else None,
            "past_due": bool(due and due < today and statuses[key] != "published"),
        })
    return {
        "id": publisher["id"], "name": publisher["name"], "title": publisher["title"] or publisher["name"],
        "publisher_type": publisher.get("publisher_type"), "hromada": publisher.get("hromada"),
        "edrpou": publisher.get("edrpou"), "counts": counts([i["status"] for i in items]),
        "past_due": sum(1 for i in items if i["past_due"]), "items": items, "statuses": statuses,
    }


def shown(datasets: list[dict[str, Any]], readable: set[str]) -> tuple[list[dict[str, Any]], int]:
    """Of an item's datasets, those a viewer may see (public ones, and the drafts and private
    ones among `readable` ids), without their ids, and how many others there are."""
    visible = [{k: v for k, v in d.items() if k != "id"} for d in datasets if d["public"] or d["id"] in readable]
    return visible, len(datasets) - len(visible)


def hide_unreadable(result: dict[str, Any], readable: set[str]) -> dict[str, Any]:
    """The audit as a viewer who may read the datasets `readable` (and the public ones) sees
    it: every item's `datasets` cut to those, `hidden` the number of the rest."""
    for publisher in result["publishers"]:
        for item in publisher.get("items") or ():
            item["datasets"], item["hidden"] = shown(item["datasets"], readable)
    return result


def not_public_ids(result: dict[str, Any]) -> set[str]:
    return {d["id"] for p in result["publishers"] for i in p.get("items") or () for d in i["datasets"]
            if not d["public"]}


def totals(publishers: list[dict[str, Any]]) -> dict[str, Any]:
    """The council's totals, item by item across publishers."""
    result = counts([status for p in publishers for status in p["statuses"].values()])
    result["publishers"] = len(publishers)
    result["past_due"] = sum(p["past_due"] for p in publishers)
    return result


def by_item(publishers: list[dict[str, Any]], list835: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each item of the list: of the publishers it applies to, how many have each status."""
    tally: dict[str, dict[str, int]] = {}
    for publisher in publishers:
        for key, status in publisher["statuses"].items():
            tally.setdefault(key, dict.fromkeys(STATUSES, 0))[status] += 1
    return [{"id": i["id"], "section": i["section"], "title": i["title"], "applicable": sum(tally[i["id"]].values()),
             **tally[i["id"]]} for i in list835 if i["id"] in tally]


# ---- the database ----------------------------------------------------------------------

def _found(org_id: str | None, hromada: str | None, detail: bool) -> dict[str, dict[str, dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = {}
    params = {"org": org_id, "orgs": publisher_ids(hromada)}
    if not detail:
        summary.refresh_pending()  # this transaction's own dataset changes, if it made any
        for owner_org, items, public, on_time in model.Session.execute(ITEM_FLAGS_SQL, params):
            public, on_time = set(public or ()), set(on_time or ())
            found[owner_org] = {item: {"public": item in public, "on_time": item in on_time} for item in items}
        return found
    for row in model.Session.execute(ITEMS_SQL, params):
        found.setdefault(row.owner_org, {})[row.item] = {
            "public": row.public, "on_time": row.on_time, "datasets": row.datasets}
    return found


def _assignments(org_ids: list[str] | None) -> dict[str, dict[str, dict[str, Any]]]:
    """The assignments of the given publishers (every publisher's when None)."""
    query = model.Session.query(AuditAssignment)
    if org_ids is not None:
        query = query.filter(AuditAssignment.owner_org.in_(org_ids))
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for row in query:
        result.setdefault(row.owner_org, {})[row.item_id] = {
            "responsible": row.responsible, "due_date": row.due_date, "updated_by": row.updated_by,
            "updated_at": row.updated_at}
    return result


def audit(org_id: str | None = None, hromada: str | None = None, today: dt.date | None = None,
          detail: bool = True, may_read: Callable[[set[str]], set[str]] | None = None) -> dict[str, Any]:
    """Every publisher's audit (or one publisher's, or a hromada's), the council's totals and
    the tally per item of the list; without `detail`, each publisher's counts only.
    `may_read`: of the drafts' and private datasets' ids, those the viewer may read (e.g.
    `readable` for a user); the others are only counted. None: the viewer reads all."""
    today = today or dt.date.today()
    without_jit()
    list835 = vocabularies.items("list835")
    rows = [dict(r._mapping) for r in model.Session.execute(PUBLISHERS_SQL, {"org": org_id, "hromada": hromada})]
    found = _found(org_id, hromada, detail)
    assignments = _assignments([row["id"] for row in rows] if org_id or hromada else None)
    publishers = [publisher_audit(row, list835, found.get(row["id"], {}), assignments.get(row["id"], {}), today,
                                  detail) for row in rows]
    result = {"as_of": today.isoformat(), "publishers": publishers, "totals": totals(publishers),
              "items": by_item(publishers, list835)}
    for publisher in publishers:
        publisher.pop("statuses")
    ids = not_public_ids(result)
    return hide_unreadable(result, ids if may_read is None else may_read(ids))


def readable(user_name: str | None, package_ids: set[str]) -> set[str]:
    """Of these datasets, the ones package_show lets the user read: everything for a
    sysadmin, else CKAN's permission labels — the test package_show and the search index
    apply (members of the owner organization; the creator of an unowned draft; collaborators
    where enabled; whatever an IPermissionLabels plugin adds) — for all of them in one
    query. Regional administrators and council officers who are neither sysadmins nor
    members see what package_show shows them: the public datasets."""
    if not package_ids:
        return set()
    if user_name and authz.is_sysadmin(user_name):
        return set(package_ids)
    labels = get_permission_labels()
    user = access.active_user(user_name)
    user_labels = set(labels.get_user_dataset_labels(user))
    packages = model.Session.query(model.Package).filter(model.Package.id.in_(package_ids))
    return {p.id for p in packages if user_labels.intersection(labels.get_dataset_labels(p))}



# ---- exports (pure) --------------------------------------------------------------------

ITEM_COLUMNS = (
    ("publisher", {"uk": "Розпорядник", "en": "Publisher"}),
    ("edrpou", {"uk": "ЄДРПОУ", "en": "EDRPOU"}),
    ("item", {"uk": "Ідентифікатор пункту переліку", "en": "List item id"}),
    ("section", {"uk": "Розділ переліку", "en": "Section of the list"}),
    ("title", {"uk": "Набір даних за переліком (Постанова № 835)", "en": "Dataset of the list (Resolution 835)"}),
    ("status", {"uk": "Стан", "en": "Status"}),
    ("datasets", {"uk": "Набори даних на порталі", "en": "Datasets on the portal"}),
    ("responsible", {"uk": "Відповідальний", "en": "Responsible"}),
    ("due_date", {"uk": "Строк", "en": "Due date"}),
)
SUMMARY_COLUMNS = (
    ("publisher", {"uk": "Розпорядник", "en": "Publisher"}),
    ("edrpou", {"uk": "ЄДРПОУ", "en": "EDRPOU"}),
    ("applicable", {"uk": "Належить оприлюднити", "en": "Items that apply"}),
    ("published", STATUS_LABELS["published"]),
    ("overdue", STATUS_LABELS["overdue"]),
    ("incomplete", STATUS_LABELS["incomplete"]),
    ("missing", STATUS_LABELS["missing"]),
    ("share", {"uk": "Охоплення, %", "en": "Coverage, %"}),
    ("past_due", {"uk": "Прострочено строків", "en": "Due dates passed"}),
)
# In an export, instead of the drafts and private datasets the reader may not see.
HIDDEN = {"uk": "чернеток чи приватних наборів: {count}", "en": "draft or private datasets: {count}"}
SHEETS = {"summary": {"uk": "Підсумки", "en": "Summary"}, "items": {"uk": "Пункти переліку", "en": "List items"}}
COUNCIL_ROW = {"uk": "Усього по громаді", "en": "Council total"}


def item_rows(result: dict[str, Any], lang: str, dataset_url: str) -> tuple[list[str], list[list[Any]]]:
    """One row per publisher and applicable item. `dataset_url` has a `{name}` placeholder."""
    sections = vocabularies.keyed("list835_sections")
    rows = []
    for p in result["publishers"]:
        for i in p["items"]:
            rows.append([
                p["title"], p["edrpou"], i["id"], localized(sections[i["section"]]["label"], lang),
                localized(i["title"], lang),
                localized(STATUS_LABELS[i["status"]], lang),
                "; ".join([f'{d["title"]} ({dataset_url.format(name=d["name"])})' for d in i["datasets"]]
                          + ([localized(HIDDEN, lang).format(count=i["hidden"])] if i.get("hidden") else [])),
                i["responsible"], i["due_date"]])
    return [localized(label, lang) for _key, label in ITEM_COLUMNS], rows


def summary_rows(result: dict[str, Any], lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per publisher, then the council's total."""
    def row(title: str, edrpou: str | None, c: dict[str, Any], past_due: int) -> list[Any]:
        return [title, edrpou, c["applicable"], c["published"], c["overdue"], c["incomplete"], c["missing"],
                c["share"], past_due]
    rows = [row(p["title"], p["edrpou"], p["counts"], p["past_due"]) for p in result["publishers"]]
    t = result["totals"]
    rows.append(row(localized(COUNCIL_ROW, lang), None, t, t["past_due"]))
    return [localized(label, lang) for _key, label in SUMMARY_COLUMNS], rows


def sheets(result: dict[str, Any], lang: str, dataset_url: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    return [(localized(SHEETS["summary"], lang), *summary_rows(result, lang)),
            (localized(SHEETS["items"], lang), *item_rows(result, lang, dataset_url))]
