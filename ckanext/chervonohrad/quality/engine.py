"""The quality engine: a dataset dict and a date in, a score out (pure: no CKAN imports).

Indicators are grouped in dimensions; each reports points, its maximum, pass/fail and a
fix hint in Ukrainian and English, so a publisher sees what to do, not only a number.
The dimensions map data.europa.eu's Metadata Quality Assessment (findability,
accessibility, interoperability, reusability, contextuality) onto this portal's 835
passport, and add what the MQA lacks: the passport itself, timeliness against the declared
update frequency, openness stars per resource (as ckanext-qa counts them) and the structure
file and whether the data match it. Points add up to 100: passport 25, timeliness 20,
openness 15, structure 10 (a structure file 6, data matching it 4), findability 10,
accessibility 10 (download links 5, resources reachable 5), interoperability 5, reusability 5.

Whether resources are reachable is not something a pure function can find out: background
jobs check the links (quality/linkcheck.py) and the caller passes their stored results in as
`links`, keyed by resource id. A resource not checked yet counts as reachable. In the same way
the structure validations (structure/checks.py) come in as `reports`: data not checked yet
count as matching their structure, so a dataset's score does not move until a check says so.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ckanext.chervonohrad.common.clock import kyiv_text
from ckanext.chervonohrad.passport import rules, vocabularies

BANDS = ((87, "excellent"), (55, "good"), (30, "sufficient"), (0, "bad"))
BAND_LABELS = {
    "excellent": {"uk": "Відмінно", "en": "Excellent"},
    "good": {"uk": "Добре", "en": "Good"},
    "sufficient": {"uk": "Задовільно", "en": "Sufficient"},
    "bad": {"uk": "Погано", "en": "Bad"},
}


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: str
    points: float
    max_points: float
    hint: dict[str, str]
    detail: str = ""  # what was found, in English (the API's and the tests' wording)
    detail_uk: str = ""  # the same for the Ukrainian page

    @property
    def passed(self) -> bool:
        return self.points >= self.max_points


@dataclass(frozen=True)
class Result:
    score: float
    band: str
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def failed(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.passed]

    @property
    def passport_complete(self) -> bool:
        return all(i.passed for i in self.indicators if i.dimension == "passport")

    def meets(self, threshold: float) -> bool:
        """The ministry's recommendations start with a complete 835 passport: without one no
        score meets them."""
        return self.score >= threshold and self.passport_complete

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score, "band": self.band, "band_label": BAND_LABELS[self.band],
            "indicators": [dict(i.__dict__, passed=i.passed, label=LABELS[i.key]) for i in self.indicators],
            "failed": [i.key for i in self.failed],
        }


# What each indicator checks, for the quality tab (keys as the dimensions below name them).
LABELS = {
    "passport_title": {"uk": "Паспорт: назва", "en": "Passport: title"},
    "passport_notes": {"uk": "Паспорт: опис", "en": "Passport: description"},
    "passport_keywords": {"uk": "Паспорт: ключові слова", "en": "Passport: keywords"},
    "passport_language": {"uk": "Паспорт: мова", "en": "Passport: language"},
    "passport_update_frequency": {"uk": "Паспорт: періодичність оновлення", "en": "Passport: update frequency"},
    "passport_purpose": {"uk": "Паспорт: підстава та призначення", "en": "Passport: legal basis and purpose"},
    "passport_maintainer": {"uk": "Паспорт: відповідальна особа", "en": "Passport: responsible person"},
    "passport_maintainer_email": {"uk": "Паспорт: електронна пошта", "en": "Passport: email"},
    "passport_license": {"uk": "Паспорт: ліцензія", "en": "Passport: licence"},
    "passport_data_current_as_of": {"uk": "Паспорт: дата актуальності", "en": "Passport: data current as of"},
    "timeliness": {"uk": "Своєчасність оновлення", "en": "Updated on time"},
    "openness": {"uk": "Відкритість форматів (зірки)", "en": "Openness of formats (stars)"},
    "structure_file": {"uk": "Файл структури набору даних", "en": "Dataset structure file"},
    "structure_match": {"uk": "Дані відповідають структурі", "en": "Data match the structure"},
    "keywords_three": {"uk": "Щонайменше три ключові слова", "en": "At least three keywords"},
    "topic": {"uk": "Тема", "en": "Topic"},
    "coverage": {"uk": "Територія або період охоплення", "en": "Territory or temporal coverage"},
    "download_url": {"uk": "Посилання для завантаження", "en": "Download links"},
    "availability": {"uk": "Ресурси доступні за посиланнями", "en": "Resources reachable"},
    "open_formats": {"uk": "Машиночитані відкриті формати", "en": "Machine-readable open formats"},
    "open_licence": {"uk": "Відкрита ліцензія", "en": "Open licence"},
    "publisher": {"uk": "Розпорядник", "en": "Publisher"},
}


# Link-check results by resource id: {"ok": bool, "reason": str | None, "detail": str | None,
# "checked_at": ISO datetime in UTC, optionally "url": the URL that was checked}.
Links = Mapping[str, Mapping[str, Any]]
# Structure reports by data resource id: {"status": valid | invalid | skipped | error, "reason",
# "errors_total", "url": the URL checked, "checked_at", "failing": whether it counts as a
# mismatch (invalid, or a structure or data file that cannot be read)}.
Reports = Mapping[str, Mapping[str, Any]]


def _hint(uk: str, en: str) -> dict[str, str]:
    return {"uk": uk, "en": en}


def _filled(value: Any) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _date(value: Any) -> dt.date | None:
    """A date from an ISO date or datetime string; None when absent or malformed."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _data_resources(dataset: dict[str, Any], roles: tuple[str, ...] = ("data", "api")) -> list[dict[str, Any]]:
    return [r for r in dataset.get("resources") or []
            if (r.get("resource_role") or "data") in roles and r.get("state", "active") == "active"]


# ---- passport (25) --------------------------------------------------------------------

PASSPORT_CHECKS: tuple[tuple[str, Callable[[dict[str, Any]], bool], dict[str, str]], ...] = (
    ("title", lambda d: _filled(d.get("title")) and len(d["title"]) <= rules.TITLE_MAX,
     _hint("Вкажіть назву набору даних (до 254 символів).", "Give the dataset a title (up to 254 characters).")),
    ("notes", lambda d: _filled(d.get("notes")) and len(d["notes"]) <= rules.NOTES_MAX,
     _hint("Додайте стислий опис змісту.", "Add a short description of the contents.")),
    ("keywords", lambda d: bool(d.get("tags")) or _filled(d.get("tag_string")),
     _hint("Додайте ключові слова.", "Add keywords.")),
    ("language", lambda d: d.get("language") in vocabularies.keyed("languages"),
     _hint("Оберіть мову даних зі списку.", "Choose the data's language from the list.")),
    ("update_frequency", lambda d: d.get("update_frequency") in vocabularies.keyed("update_frequencies"),
     _hint("Оберіть періодичність оновлення зі списку.", "Choose the update frequency from the list.")),
    ("purpose", lambda d: _filled(d.get("purpose_of_collecting_information")),
     _hint("Вкажіть підставу та призначення збору інформації.", "State the legal basis and purpose of collecting.")),
    ("maintainer", lambda d: _filled(d.get("maintainer")),
     _hint("Вкажіть відповідальну особу.", "Name the responsible person.")),
    ("maintainer_email", lambda d: rules.email_is_valid(d.get("maintainer_email") or ""),
     _hint("Вкажіть коректну електронну пошту відповідальної особи.", "Give the responsible person's valid email.")),
    ("license", lambda d: _filled(d.get("license_id")),
     _hint("Оберіть відкриту ліцензію.", "Choose an open licence.")),
    ("data_current_as_of", lambda d: _date(d.get("data_current_as_of")) is not None,
     _hint("Вкажіть дату актуальності даних (РРРР-ММ-ДД).", "Give the date the data are current as of (YYYY-MM-DD).")),
)


def passport(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    each = 25 / len(PASSPORT_CHECKS)
    return [Indicator(f"passport_{key}", "passport", each if check(dataset) else 0, each, hint)
            for key, check, hint in PASSPORT_CHECKS]


# ---- timeliness (20) ------------------------------------------------------------------

def timeliness(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    """Last change against the declared frequency: full points on time, fewer the longer
    a dataset is overdue, none once it is a whole period late."""
    frequency = vocabularies.keyed("update_frequencies").get(dataset.get("update_frequency") or "")
    changed = _date(dataset.get("metadata_modified"))
    hint = _hint("Оновіть набір даних: строк, що випливає з періодичності оновлення, минув.",
                 "Update the dataset: the period its update frequency promises has passed.")
    if frequency is None:
        return [Indicator("timeliness", "timeliness", 0, 20, _hint(
            "Оберіть періодичність оновлення, щоб можна було оцінити своєчасність.",
            "Choose an update frequency so that timeliness can be judged."), "unknown frequency",
            "невідома періодичність")]
    if changed is None:
        return [Indicator("timeliness", "timeliness", 0, 20, hint, "no valid date of the last change",
                          "немає коректної дати останньої зміни")]
    period = frequency.get("days")
    if period is None:  # "no longer updated" / "immediately after making changes": no fixed period
        label = (frequency.get("label") or {}).get("uk") or frequency["code"]
        return [Indicator("timeliness", "timeliness", 20, 20, hint, f"{frequency['code']}: no fixed period",
                          f"{label}: без сталого строку")]
    overdue = (today - changed).days - period
    if overdue <= 0:
        return [Indicator("timeliness", "timeliness", 20, 20, hint, "on time", "вчасно")]
    points = round(20 * max(0.0, 1 - overdue / period), 2)
    return [Indicator("timeliness", "timeliness", points, 20, hint, f"overdue by {overdue} days",
                      f"прострочено на {overdue} дн.")]


# ---- openness (15) and structure (6 + 4) -----------------------------------------------

def _stars(resource: dict[str, Any], licence_open: bool) -> int:
    if not licence_open:
        return 0
    known = vocabularies.keyed("formats").get((resource.get("format") or "").upper())
    return int(known.get("openness_stars") or 1) if known else 1


def openness(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    """The 5-star scale per data resource (an open licence is the first star), averaged."""
    resources = _data_resources(dataset)
    licence_open = _filled(dataset.get("license_id")) and dataset.get("isopen", True) is not False
    hint = _hint("Публікуйте дані у відкритому машиночитаному форматі (CSV, JSON, XML) під відкритою ліцензією.",
                 "Publish the data in an open machine-readable format (CSV, JSON, XML) under an open licence.")
    if not resources:
        return [Indicator("openness", "openness", 0, 15, hint, "no data resources", "немає ресурсів даних")]
    stars = [_stars(r, licence_open) for r in resources]
    average = sum(stars) / len(stars)
    points = round(15 * min(average, 3) / 3, 2)  # three stars (open machine-readable) earn full points
    return [Indicator("openness", "openness", points, 15, hint, f"average {average:.1f} stars",
                      f"у середньому {average:.1f} зірки")]


def _has_structure_file(dataset: dict[str, Any]) -> bool:
    return any((r.get("resource_role") == "structure" and _filled(r.get("url")))
               for r in dataset.get("resources") or [] if r.get("state", "active") == "active")


def _structure_match(dataset: dict[str, Any], present: bool, reports: Reports | None) -> Indicator:
    """The share of checked data resources that match the structure, of 4 points. Data not
    checked yet (or checked at another URL), skipped (not tabular) or not reached (the
    network's fault: availability judges that) do not count; nothing counted: full points."""
    hint = _hint("Виправте дані так, щоб вони відповідали файлу структури (назви стовпців, типи значень, "
                 "обовʼязкові поля): помилки за рядками та стовпцями — на сторінці ресурсу.",
                 "Fix the data so that they match the structure file (column names, value types, required "
                 "fields): the errors by row and column are on the resource's page.")
    if not present:
        return Indicator("structure_match", "structure", 0, 4, _hint(
            "Додайте файл структури, щоб дані можна було перевірити на відповідність їй.",
            "Add a structure file so that the data can be checked against it."), "no structure file",
            "немає файлу структури")
    counted, failing, failing_uk, latest = 0, [], [], ""
    for resource in _data_resources(dataset, roles=("data",)):
        report = (reports or {}).get(resource.get("id") or "")
        if report is None or (report.get("url") is not None and report.get("url") != resource.get("url")):
            continue
        latest = max(latest, str(report.get("checked_at") or ""))
        mismatch = bool(report.get("failing", report.get("status") == "invalid"))
        if report.get("status") not in ("valid", "invalid") and not mismatch:
            continue
        counted += 1
        if mismatch:
            errors = int(report.get("errors_total") or 0)
            failing.append(f"{_resource_name(resource)}: " + (f"{errors} error(s)" if errors else "cannot be read"))
            failing_uk.append(f"{_resource_name(resource)}: " + (f"помилок: {errors}" if errors else
                                                                 "не вдалося прочитати"))
    if not counted:
        return Indicator("structure_match", "structure", 4, 4, hint, "not checked yet", "ще не перевірено")
    points = round(4 * (counted - len(failing)) / counted, 2)
    parts = failing or [f"{counted} of {counted} match"]
    parts_uk = failing_uk or [f"відповідають {counted} з {counted}"]
    if latest:
        parts.append(f"checked {kyiv_text(latest, with_time=True)} (Kyiv time)")
        parts_uk.append(f"перевірено {kyiv_text(latest, with_time=True)} (за київським часом)")
    return Indicator("structure_match", "structure", points, 4, hint, "; ".join(parts), "; ".join(parts_uk))


def structure(dataset: dict[str, Any], today: dt.date, links: Links | None = None,
              reports: Reports | None = None) -> list[Indicator]:
    present = _has_structure_file(dataset)
    return [Indicator("structure_file", "structure", 6 if present else 0, 6, _hint(
        "Додайте файл структури набору даних (ресурс із роллю «Структура набору даних»).",
        "Add the dataset's structure file (a resource with the role «Dataset structure»).")),
        _structure_match(dataset, present, reports)]


# ---- MQA-style dimensions (30) --------------------------------------------------------

def findability(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    tags = dataset.get("tags") or []
    return [
        Indicator("keywords_three", "findability", 4 if len(tags) >= 3 else 0, 4, _hint(
            "Додайте щонайменше три ключові слова.", "Add at least three keywords.")),
        Indicator("topic", "findability",
                  3 if dataset.get("topic") in vocabularies.keyed("topics", "name") else 0, 3,
                  _hint("Оберіть тему набору даних.", "Choose the dataset's topic.")),
        Indicator("coverage", "findability",
                  3 if rules.katottg_is_valid(dataset.get("territory") or "") or _date(dataset.get("temporal_start"))
                  else 0, 3, _hint("Вкажіть територію (код КАТОТТГ) або період охоплення.",
                                   "Give the territory (KATOTTG code) or the temporal coverage.")),
    ]


# The resources whose links the background checks follow (quality/linkcheck.py checks the same).
CHECKED_ROLES = ("data", "api", "structure")


# Why a link check failed, for the Ukrainian page (linkcheck's reason codes).
REASONS_UK = {
    "http_error": "сервер повернув помилку", "timeout": "сервер не відповів вчасно",
    "connection": "не вдалося з'єднатися", "too_many_redirects": "забагато переадресацій",
    "wrong_type": "тип вмісту не відповідає заявленому формату", "unsupported_scheme": "непідтримуване посилання",
    "missing_file": "завантажений файл відсутній", "error": "помилка перевірки",
    "invalid_url": "некоректне посилання (ім'я користувача чи пароль у ньому, неправильний порт)",
    "refused_address": "не перевірено: посилання веде на внутрішню (не публічну) адресу, "
                       "портал такі адреси не відкриває",
}


def _reason_uk(link: dict[str, Any]) -> str:
    reason = REASONS_UK.get(link.get("reason") or "", "недоступний")
    detail = link.get("detail") or ""
    # An HTTP status or a media type reads the same in both languages.
    return f"{reason} ({detail})" if detail.startswith("HTTP ") or " instead of " in detail else reason


def _resource_name(resource: dict[str, Any]) -> str:
    url = (resource.get("url") or "").rstrip("/")
    return resource.get("name") or url.rsplit("/", 1)[-1] or resource.get("id") or "?"


def _availability(dataset: dict[str, Any], links: Links | None) -> Indicator:
    """Reachable resources (per the stored link checks) as a share of 5 points. A resource
    not checked yet, or checked at an older URL than it has now, counts as reachable."""
    hint = _hint("Виправте посилання на ресурси, що не відкриваються: кожен файл має завантажуватися "
                 "і бути у заявленому форматі. Після змін посилання перевірять знову.",
                 "Fix the resource links that do not work: every file must download and be in the declared "
                 "format. The links are checked again after a change.")
    resources = _data_resources(dataset, roles=CHECKED_ROLES)
    if not resources:
        return Indicator("availability", "accessibility", 0, 5, hint, "no resources", "немає ресурсів")
    broken, broken_uk, unchecked, latest = [], [], 0, ""
    for resource in resources:
        link = (links or {}).get(resource.get("id") or "")
        if link is None or (link.get("url") is not None and link.get("url") != resource.get("url")):
            unchecked += 1
            continue
        latest = max(latest, str(link.get("checked_at") or ""))
        if not link.get("ok"):
            broken.append(f"{_resource_name(resource)}: {link.get('detail') or link.get('reason') or 'broken'}")
            broken_uk.append(f"{_resource_name(resource)}: {_reason_uk(link)}")
    points = round(5 * (len(resources) - len(broken)) / len(resources), 2)
    if unchecked == len(resources):
        return Indicator("availability", "accessibility", points, 5, hint, "not checked yet", "ще не перевірено")
    parts = broken or [f"{len(resources) - unchecked} of {len(resources)} reachable"]
    parts_uk = broken_uk or [f"доступні {len(resources) - unchecked} з {len(resources)}"]
    if unchecked:
        parts.append(f"{unchecked} not checked yet")
        parts_uk.append(f"не перевірено: {unchecked}")
    if latest:
        parts.append(f"checked {kyiv_text(latest, with_time=True)} (Kyiv time)")
        parts_uk.append(f"перевірено {kyiv_text(latest, with_time=True)} (за київським часом)")
    return Indicator("availability", "accessibility", points, 5, hint, "; ".join(parts), "; ".join(parts_uk))


def accessibility(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    resources = _data_resources(dataset)
    ok = bool(resources) and all(_filled(r.get("url")) for r in resources)
    return [
        Indicator("download_url", "accessibility", 5 if ok else 0, 5, _hint(
            "Кожен ресурс даних має мати посилання для завантаження.", "Every data resource needs a download link.")),
        _availability(dataset, links),
    ]


def interoperability(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    formats = vocabularies.keyed("formats")
    resources = _data_resources(dataset, roles=("data",))  # an API is judged by its availability instead
    known = [formats.get((r.get("format") or "").upper()) for r in resources]
    good = bool(resources) and all(f and f.get("machine_readable") and f.get("non_proprietary") for f in known)
    return [Indicator("open_formats", "interoperability", 5 if good else 0, 5, _hint(
        "Використовуйте лише машиночитані непропрієтарні формати зі списку.",
        "Use only machine-readable, non-proprietary formats from the list."))]


def reusability(dataset: dict[str, Any], today: dt.date, links: Links | None = None) -> list[Indicator]:
    return [
        Indicator("open_licence", "reusability", 3 if dataset.get("isopen") else 0, 3, _hint(
            "Оберіть відкриту ліцензію зі списку (типово CC BY 4.0).",
            "Choose an open licence (CC BY 4.0 by default).")),
        Indicator("publisher", "reusability", 2 if _filled(dataset.get("owner_org")) else 0, 2, _hint(
            "Набір даних має належати розпоряднику.", "The dataset must belong to a publisher.")),
    ]


DIMENSIONS = (passport, timeliness, openness, structure, findability, accessibility, interoperability, reusability)


def band(score: float) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def score(dataset: dict[str, Any], today: dt.date, links: Links | None = None,
          reports: Reports | None = None) -> Result:
    """Score one dataset (a package_show dict) as of `today`, with the stored link checks and
    structure reports of its resources (by resource id; None or missing ones: not checked yet)."""
    indicators = [indicator for dimension in DIMENSIONS
                  for indicator in (structure(dataset, today, links, reports) if dimension is structure
                                    else dimension(dataset, today, links))]
    total = round(sum(i.points for i in indicators), 1)
    result = Result(total, band(total), indicators)
    if result.band == "excellent" and not result.passport_complete:
        # A dataset that cannot be published (its passport is incomplete) is not excellent,
        # however well the rest scores.
        return Result(total, "good", indicators)
    return result
