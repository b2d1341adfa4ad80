"""The weekly digest, on Mondays: each publisher's administrators hear what the week brought
and what to do about it — new feedback and feedback waiting, datasets overdue for an update,
score changes, the publisher's place among its hromada's publishers and how it moved since the
last quarterly snapshot, and what to fix first (the quality engine's hints, most points first);
each hromada's council officers get the same for their hromada, publisher by publisher. One
letter per person a week, naming every publisher and hromada they look after."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func

from ckan import model

from ckanext.chervonohrad.common import people
from ckanext.chervonohrad.feedback.model import REJECTED, Feedback
from ckanext.chervonohrad.hromada import access, vocabulary
from ckanext.chervonohrad.performance import figures, rating
from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory
from ckanext.chervonohrad.reminders import feedback, outbox, rules, updates

TEMPLATE = "weekly_digest"
NO_HROMADA = ""  # publishers naming no hromada are ranked among themselves


def _week_start(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on - dt.timedelta(days=7), dt.time())


def _new_feedback(on: dt.date) -> Counter:
    rows = (model.Session.query(model.Package.owner_org, func.count(Feedback.id))
            .join(model.Package, model.Package.id == Feedback.package_id)
            .filter(Feedback.created >= _week_start(on), Feedback.status != REJECTED)
            .group_by(model.Package.owner_org))
    return Counter(dict(rows.all()))


def _overdue(on: dt.date) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for dataset in updates.datasets_with_period():
        due = rules.due_date(dataset["last_change"], dataset["period"])
        if due <= on:
            found[dataset["owner_org"]].append({"title": dataset["title"] or dataset["name"],
                                                "due": due.strftime("%d.%m.%Y"), "days": (on - due).days})
    for rows in found.values():
        rows.sort(key=lambda row: -row["days"])
    return found


def _scores(on: dt.date) -> tuple[dict[str, dict[str, Any]], dict[str, float]]:
    """Each scored active dataset's row (owner, title, score, indicators) and its score a week ago."""
    now = {row.package_id: {"owner_org": row.owner_org, "score": row.score, "indicators": row.indicators,
                            "title": row.title or row.name}
           for row in model.Session.query(DatasetScore.package_id, DatasetScore.owner_org, DatasetScore.score,
                                          DatasetScore.indicators, model.Package.title, model.Package.name)
           .join(model.Package, model.Package.id == DatasetScore.package_id)
           .filter(model.Package.state == "active")}
    before = dict(model.Session.query(ScoreHistory.package_id, ScoreHistory.score)
                  .filter(ScoreHistory.computed_at < _week_start(on))
                  .distinct(ScoreHistory.package_id)
                  .order_by(ScoreHistory.package_id, ScoreHistory.computed_at.desc()))
    return now, before


def _hint_line(line: dict[str, Any]) -> dict[str, Any]:
    return {"uk": line["hint"].get("uk", ""), "en": line["hint"].get("en", ""), "points": line["points"],
            "datasets": line["datasets"]}


def sections(on: dt.date) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every publisher's section and every hromada's (by code), as of `on`."""
    live = rating.current(today=on)
    publishers = live["publishers"]
    previous = rating.latest_snapshots_before(live["quarter"], [p["id"] for p in publishers])
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for publisher in publishers:
        groups[publisher.get("hromada") if vocabulary.exists(publisher.get("hromada")) else NO_HROMADA
               ].append(publisher)
    new, overdue = _new_feedback(on), _overdue(on)
    waiting = Counter(item["owner_org"] for item in feedback.waiting(on))
    now, before = _scores(on)
    by_org: dict[str, list[str]] = defaultdict(list)
    for package_id, row in now.items():
        by_org[row["owner_org"]].append(package_id)
    site = outbox.site_url()
    by_publisher: dict[str, dict[str, Any]] = {}
    for code, members in groups.items():
        place = rules.ranks(members)
        place_before = rules.ranks([dict(previous[p["id"]], id=p["id"]) for p in members if p["id"] in previous])
        for p in members:
            ids = by_org.get(p["id"], [])
            changes = rules.score_changes({i: now[i]["score"] for i in ids}, {i: before[i] for i in ids if i in before})
            by_publisher[p["id"]] = {
                "id": p["id"], "title": p["title"], "hromada": code, "url": f"{site}/publishers/rating/{p['name']}",
                "rank": place[p["id"]], "of": len(members), "rank_before": place_before.get(p["id"]),
                "avg_score": p["avg_score"], "meets_share": p["meets_share"], "trend": p.get("trend"),
                "new_feedback": new.get(p["id"], 0), "waiting_feedback": waiting.get(p["id"], 0),
                "overdue": overdue.get(p["id"], []),
                "changes": [{"title": now[i]["title"], "before": b, "now": s} for i, b, s in changes],
                "fix_first": [_hint_line(line) for line in rules.fix_first(now[i]["indicators"] for i in ids)],
            }
    by_hromada: dict[str, dict[str, Any]] = {}
    totals = [dict(figures.council(members), id=code, title=code) for code, members in groups.items()
              if code != NO_HROMADA]
    hromada_place = rules.ranks(totals)
    previous_totals = rating.latest_snapshots_before(live["quarter"], [rating.hromada_scope(t["id"]) for t in totals])
    for total in totals:
        code = total["id"]
        rows = sorted((by_publisher[p["id"]] for p in groups[code]), key=lambda row: row["rank"])
        by_hromada[code] = {
            "title": vocabulary.label(code, "uk"), "title_en": vocabulary.label(code, "en"),
            "rank": hromada_place[code], "of": len(totals), "avg_score": total["avg_score"],
            "meets_share": total["meets_share"],
            "trend": figures.trend(total, previous_totals.get(rating.hromada_scope(code))),
            "new_feedback": sum(r["new_feedback"] for r in rows),
            "waiting_feedback": sum(r["waiting_feedback"] for r in rows),
            "overdue": sum(len(r["overdue"]) for r in rows), "publishers": rows,
        }
    return by_publisher, by_hromada


def plan(on: dt.date) -> list[outbox.Outgoing]:
    """This week's digests: each person once, with each publisher they administer and each
    hromada they are a council officer of."""
    by_publisher, by_hromada = sections(on)
    week = rules.week_of(on)
    bag = outbox.Mailbag(TEMPLATE, [week])
    for org_id, admins in people.publisher_admins(by_publisher).items():
        for name, address in admins:
            bag.add(name, address, week, ("publishers", by_publisher[org_id]))
    for code, officers in access.officer_contacts(set(by_hromada)).items():
        for name, address in officers:
            bag.add(name, address, week, ("hromadas", by_hromada[code]))
    since = (on - dt.timedelta(days=7)).strftime("%d.%m.%Y")
    return bag.letters(on, lambda parts: {
        "week": week, "since": since, **{kind: [section for k, section in parts if k == kind]
                                         for kind in ("publishers", "hromadas")}})
