"""A synthetic oblast for the benchmarks: publishers and datasets written straight into
the database in bulk (package_create would take hours at these sizes), with the passport
fields the rating reads, and optionally their Solr documents through CKAN's own indexer.

The shape follows the demo: publishers of the four types, datasets tied to 835 list items
about half the time, update frequencies from the vocabulary, dates spread over two years.
Scores are left to whoever calls this (the rating bench scores every dataset with the real
engine; the rescore bench lets the command do it).

`oblast()` builds the whole region for bench/oblast.py: publishers spread over the hromadas
as unevenly as in life (the Lviv city hromada far ahead, rural hromadas with a handful),
datasets spread over publishers just as unevenly, every dataset scored with history, and
quarterly snapshots per publisher, per hromada and for the council.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert

from ckan import model

from ckanext.chervonohrad.common import extras as extras_of
from ckanext.chervonohrad.passport import vocabularies

TYPES = ("executive_body", "communal_enterprise", "communal_institution", "other")
FORMATS = ("CSV", "CSV", "JSON", "XLSX", "XML", "PDF")


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 27, 12, 0)


COUNCIL_HROMADA = "UA46120130000026331"  # Sheptytskyi, the council the portal serves first
LVIV_HROMADA = "UA46060250000025047"


def publishers(count: int, rng: random.Random, prefix: str = "bench",
               hromada: str | Sequence[str] = COUNCIL_HROMADA) -> list[dict[str, Any]]:
    """Insert `count` publishers of `hromada` (one code for all, or one code per publisher);
    each returned row carries its "hromada"."""
    codes = [hromada] * count if isinstance(hromada, str) else list(hromada)
    rows, extras = [], []
    for i in range(count):
        org_id = str(uuid.uuid4())
        rows.append({"id": org_id, "name": f"{prefix}-org-{i}", "title": f"Розпорядник {i}", "type": "organization",
                     "is_organization": True, "state": "active", "approval_status": "approved",
                     "created": _now(), "description": "", "image_url": ""})
        values = {"publisher_type": TYPES[i % len(TYPES)], "edrpou": "14360570", "hromada": codes[i]}
        if extras_of.IN_COLUMNS:  # CKAN 2.12: a JSONB column of the group row
            rows[-1]["extras"] = values
        else:
            extras += [{"id": str(uuid.uuid4()), "group_id": org_id, "key": key, "value": value, "state": "active"}
                       for key, value in values.items()]
    model.Session.execute(insert(model.group_table), rows)
    if extras:
        model.Session.execute(insert(model.group_extra_table), extras)
    for row, code in zip(rows, codes, strict=True):  # after the insert: the group table has no such column
        row["hromada"] = code
    return rows


def dataset_dict(i: int, org: dict[str, Any], rng: random.Random, prefix: str = "bench") -> dict[str, Any]:
    """A package_show-shaped dict of varied completeness and age."""
    items = vocabularies.items("list835")
    frequencies = [f["code"] for f in vocabularies.items("update_frequencies")]
    modified = _now() - dt.timedelta(days=rng.randint(0, 720))
    package_id = str(uuid.uuid4())
    resources = [{"id": str(uuid.uuid4()), "package_id": package_id, "url": f"https://data.example/{i}/{n}",
                  "format": rng.choice(FORMATS), "resource_role": "data" if n else "structure", "state": "active",
                  "position": n, "name": f"Ресурс {n}"} for n in range(rng.randint(1, 3))]
    return {
        "id": package_id, "name": f"{prefix}-dataset-{i}", "title": f"Набір даних {i}", "type": "dataset",
        "state": "active", "private": False, "owner_org": org["id"], "organization": {"name": org["name"]},
        "notes": "Опис набору даних" if rng.random() > 0.05 else "", "license_id": "cc-by", "isopen": True,
        "maintainer": "Відповідальна особа",
        "maintainer_email": rng.choice(["data@rada.example", "broken"]),
        "metadata_created": modified.isoformat(), "metadata_modified": modified.isoformat(),
        "language": "uk", "update_frequency": rng.choice(frequencies),
        "topic": rng.choice(["transport", "finansy", ""]),
        "purpose_of_collecting_information": "Закон України «Про доступ до публічної інформації»",
        "data_current_as_of": modified.date().isoformat(), "territory": org.get("hromada", COUNCIL_HROMADA),
        "list835_item": rng.choice(items)["id"] if rng.random() > 0.5 else "",
        "tags": [{"name": f"тег{n}"} for n in range(rng.randint(1, 4))], "resources": resources,
    }


PASSPORT_EXTRAS = ("language", "update_frequency", "topic", "purpose_of_collecting_information",
                   "data_current_as_of", "territory", "list835_item")


def datasets(count: int, orgs: list[dict[str, Any]], rng: random.Random, prefix: str = "bench",
             batch: int = 2000, owners: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Insert `count` datasets spread over `orgs` (round robin, or dataset i to
    orgs[owners[i]]); returns their dicts."""
    made: list[dict[str, Any]] = []
    for start in range(0, count, batch):
        chunk = [dataset_dict(i, orgs[owners[i] if owners else i % len(orgs)], rng, prefix)
                 for i in range(start, min(count, start + batch))]
        model.Session.execute(insert(model.package_table), [{
            "id": d["id"], "name": d["name"], "title": d["title"], "type": "dataset", "state": "active",
            "private": False, "owner_org": d["owner_org"], "notes": d["notes"], "license_id": d["license_id"],
            "maintainer": d["maintainer"], "maintainer_email": d["maintainer_email"],
            "metadata_created": dt.datetime.fromisoformat(d["metadata_created"]),
            "metadata_modified": dt.datetime.fromisoformat(d["metadata_modified"]),
            **({"extras": {key: d[key] for key in PASSPORT_EXTRAS}} if extras_of.IN_COLUMNS else {})}
            for d in chunk])
        if not extras_of.IN_COLUMNS:  # CKAN 2.11: rows of package_extra
            model.Session.execute(insert(model.package_extra_table), [
                {"id": str(uuid.uuid4()), "package_id": d["id"], "key": key, "value": d[key], "state": "active"}
                for d in chunk for key in PASSPORT_EXTRAS])
        model.Session.execute(insert(model.resource_table), [
            {k: r[k] for k in ("id", "package_id", "url", "format", "state", "position", "name")}
            | {"extras": json.dumps({"resource_role": r["resource_role"]})} for d in chunk for r in d["resources"]])
        model.Session.commit()
        made += chunk
    return made


# --- the oblast at scale (bench/oblast.py) ---------------------------------------------

def apportion(total: int, weights: Sequence[float], floor: int = 0) -> list[int]:
    """Split `total` in proportion to `weights`, each share at least `floor`, the shares
    summing to `total` exactly (largest remainders get the leftover units)."""
    spare = total - floor * len(weights)
    assert spare >= 0, "the floor alone exceeds the total"
    exact = [spare * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[:spare - sum(shares)]:
        shares[i] += 1
    return [floor + share for share in shares]


def oblast_hromadas(count: int) -> list[dict[str, Any]]:
    """`count` hromadas of the shipped vocabulary, Lviv first and the council's second (the
    two the portal knows best), then the others in the codifier's order."""
    from ckanext.chervonohrad.hromada import vocabulary

    known = vocabulary.hromadas()
    first = [h for code in (LVIV_HROMADA, COUNCIL_HROMADA) for h in known if h["code"] == code]
    rest = [h for h in known if h["code"] not in (LVIV_HROMADA, COUNCIL_HROMADA)]
    return (first + rest)[:count]


def publisher_hromadas(hromadas: list[dict[str, Any]], count: int, rng: random.Random) -> list[str]:
    """One hromada code per publisher: a Zipf-like spread (rank r weighs 1/r^1.1, so Lviv has
    about a fifth of all publishers) with at least 3 publishers in every hromada."""
    sizes = apportion(count, [1 / rank ** 1.1 for rank in range(1, len(hromadas) + 1)], floor=3)
    codes = [h["code"] for h, size in zip(hromadas, sizes, strict=True) for _ in range(size)]
    rng.shuffle(codes)
    return codes


def dataset_owners(orgs: list[dict[str, Any]], count: int, rng: random.Random) -> list[int]:
    """The index of each dataset's publisher: a log-normal spread (most publishers have a few
    dozen datasets, some several hundred), every publisher at least one."""
    sizes = apportion(count, [rng.lognormvariate(0, 1.1) for _ in orgs], floor=1)
    owners = [i for i, size in enumerate(sizes) for _ in range(size)]
    rng.shuffle(owners)
    return owners


def score_history(made: list[dict[str, Any]], rng: random.Random) -> int:
    """Each dataset's earlier scores: one to three history rows before the current one (which
    bench.quality_rating.score_all stored), lower the further back, as a portal improves."""
    from ckanext.chervonohrad.quality.engine import band
    from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory

    current = dict(model.Session.query(DatasetScore.package_id, DatasetScore.score))
    rows = []
    for dataset in made:
        created = dt.datetime.fromisoformat(dataset["metadata_created"])
        score = current[dataset["id"]]
        rows.append({"package_id": dataset["id"], "score": score, "band": band(score), "computed_at": _now()})
        for back in range(1, rng.randint(2, 4)):
            score = max(0.0, score - rng.randint(3, 15))
            rows.append({"package_id": dataset["id"], "score": score, "band": band(score),
                         "computed_at": created - dt.timedelta(days=90 * back)})
    for start in range(0, len(rows), 10000):
        model.Session.execute(insert(ScoreHistory), rows[start:start + 10000])
    model.Session.commit()
    return len(rows)


def _earlier(figures_: dict[str, Any], back: int, rng: random.Random) -> dict[str, Any]:
    """A scope's figures `back` quarters ago: fewer datasets, lower scores and shares."""
    def lower(value: float | None, step: float, top: float) -> float | None:
        return None if value is None else round(min(top, max(0.0, value - step * back + rng.uniform(-step, step))), 3)

    earlier = dict(figures_)
    earlier["datasets"] = int(figures_["datasets"] * (1 - 0.1 * back))
    earlier["avg_score"] = lower(figures_["avg_score"], 3, 100)
    earlier["meets_share"] = lower(figures_["meets_share"], 4, 100)
    earlier["on_time_share"] = lower(figures_["on_time_share"], 4, 100)
    cover = figures_["coverage"]
    earlier["coverage"] = {"applicable": cover["applicable"], "published": max(0, cover["published"] - back),
                           "overdue": cover["overdue"]}
    return earlier


def snapshots(quarters: Sequence[str], rng: random.Random) -> int:
    """Snapshots of `quarters` (the most recent first) for every publisher, every hromada
    (scope "hromada:<code>") and the council, derived from today's live figures."""
    from ckanext.chervonohrad.hromada import vocabulary
    from ckanext.chervonohrad.performance import figures, rating
    from ckanext.chervonohrad.performance.model import Snapshot

    live = rating.current()
    by_hromada: dict[str, list[dict[str, Any]]] = {}
    for publisher in live["publishers"]:
        by_hromada.setdefault(publisher["hromada"], []).append(publisher)
    scopes = [(rating.COUNCIL, live["council"], None, None)]
    scopes += [(f"hromada:{code}", figures.council(members), code, vocabulary.label(code, "uk"))
               for code, members in by_hromada.items()]
    scopes += [(p["id"], p, p["name"], p["title"]) for p in live["publishers"]]
    rows = []
    for back, quarter in enumerate(quarters, start=1):
        for scope, figures_, name, title in scopes:
            row = rating._snapshot_row(quarter, scope, _earlier(figures_, back, rng), name, title)
            rows.append({column.name: getattr(row, column.name) for column in Snapshot.__table__.columns})
    model.Session.execute(insert(Snapshot), rows)
    model.Session.commit()
    return len(rows)
