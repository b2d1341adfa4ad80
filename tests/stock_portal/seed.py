"""The stock portal's content: what a hromada's CKAN holds before this extension, typed
through CKAN's own forms and API. 3 organizations without any publisher fields; 12 datasets
with CKAN's licences (`cc-by`, `other-closed`, `notspecified`, `uk-ogl`), stock frequency
extras (`annually`, `monthly`), extras of the portal's own, one dataset without resources,
one private, one draft, maintainers with and without an email; no structure resources
(stock CKAN has no resource roles)."""
from __future__ import annotations

ADMIN = "stock-admin"
ADMIN_PASSWORD = "Stock-Portal-2026!"
ADMIN_EMAIL = "admin@stock-portal.example"
# An ordinary editor of one organization, as most of a portal's edits are made.
EDITOR = "osvita-editor"
EDITOR_ORGANIZATION = "viddil-osvity"

ORGANIZATIONS = [
    {"name": "viddil-osvity", "title": "Відділ освіти міської ради",
     "description": "Школи, садочки й позашкільна освіта громади."},
    {"name": "upravlinnia-zhkh", "title": "Управління житлово-комунального господарства",
     "description": "Вивезення сміття, ремонти доріг, тарифи."},
    {"name": "finansove-upravlinnia", "title": "Фінансове управління",
     "description": "Бюджет громади та закупівлі."},
]

BASE = "https://data.hromada.example/files"


def _resource(name: str, fmt: str, path: str) -> dict:
    return {"name": name, "format": fmt, "url": f"{BASE}/{path}", "description": f"{name} ({fmt})"}


def _dataset(name, org, title, licence, frequency=None, resources=(), maintainer=("Іваненко Марія", None),
             tags=("громада",), extras=(), **fields):
    extras = list(extras)
    if frequency:
        extras.append({"key": "update_frequency", "value": frequency})
    return {
        "name": name,
        "owner_org": org,
        "title": title,
        "notes": f"{title}: дані громади, опубліковані до переходу на паспорт набору.",
        "license_id": licence,
        "maintainer": maintainer[0],
        **({"maintainer_email": maintainer[1]} if maintainer[1] else {}),
        "tags": [{"name": t} for t in tags],
        "extras": extras,
        "resources": [dict(r) for r in resources],
        **fields,
    }


DATASETS = [
    _dataset("merezha-shkil", "viddil-osvity", "Мережа закладів загальної середньої освіти", "cc-by", "annually",
             [_resource("Перелік шкіл", "CSV", "shkoly.csv")],
             ("Петренко Ольга", "osvita@hromada.example"), ("освіта", "школи"),
             [{"key": "source_system", "value": "ДІСО"}]),
    _dataset("dytiachi-sadky", "viddil-osvity", "Заклади дошкільної освіти", "cc-by", "monthly",
             [_resource("Садочки", "XLS", "sadky.xls")],
             ("Петренко Ольга", "osvita@hromada.example"), ("освіта", "садочки")),
    _dataset("rezultaty-zno", "viddil-osvity", "Результати ЗНО випускників", "other-closed", "annually",
             [_resource("Звіт", "PDF", "zno-2024.pdf")], tags=("освіта", "зно")),
    _dataset("olimpiady", "viddil-osvity", "Переможці учнівських олімпіад", "notspecified", None,
             [_resource("Переможці", "CSV", "olimpiady.csv")], ("Коваль Андрій", None)),
    _dataset("vyvezennia-smittia", "upravlinnia-zhkh", "Графік вивезення побутових відходів", "uk-ogl", "monthly",
             [_resource("Графік", "CSV", "smittia.csv"), _resource("Графік (JSON)", "JSON", "smittia.json")],
             ("Сидоренко Іван", "zhkh@hromada.example"), ("комунальні послуги",),
             [{"key": "contractor", "value": "КП «Чисте місто»"}]),
    _dataset("remont-dorih", "upravlinnia-zhkh", "План ремонту доріг", "cc-by", "annually", [],
             ("Сидоренко Іван", "zhkh@hromada.example"), ("дороги",)),
    _dataset("taryfy-zhkp", "upravlinnia-zhkh", "Тарифи на житлово-комунальні послуги", "cc-by", "monthly",
             [_resource("Тарифи", "CSV", "taryfy.csv")], ("Сидоренко Іван", "zhkh@hromada.example"), ("тарифи",),
             private=True),
    _dataset("osbb", "upravlinnia-zhkh", "Об'єднання співвласників багатоквартирних будинків", "cc-by", "annually",
             [_resource("ОСББ", "XLSX", "osbb.xlsx")], ("Мельник Ігор", None), ("житло", "осбб")),
    _dataset("dokhody-biudzhetu", "finansove-upravlinnia", "Доходи бюджету громади", "cc-by", "monthly",
             [_resource("Доходи", "CSV", "dokhody.csv"), _resource("Доходи (Excel)", "XLSX", "dokhody.xlsx")],
             ("Бондар Наталія", "finance@hromada.example"), ("бюджет", "доходи"),
             [{"key": "source_system", "value": "LOGICA"}]),
    _dataset("vydatky-biudzhetu", "finansove-upravlinnia", "Видатки бюджету громади", "other-closed", "annually",
             [_resource("Видатки", "XLS", "vydatky.xls")], ("Бондар Наталія", "finance@hromada.example"),
             ("бюджет",)),
    _dataset("publichni-zakupivli", "finansove-upravlinnia", "Публічні закупівлі громади", "cc-by", "monthly",
             [_resource("Закупівлі", "CSV", "zakupivli.csv")], ("Бондар Наталія", "finance@hromada.example"),
             ("закупівлі",), state="draft"),
    _dataset("podatkovi-pilhy", "finansove-upravlinnia", "Податкові пільги", "notspecified", "annually",
             [_resource("Рішення", "PDF", "pilhy.pdf"), _resource("Перелік", "CSV", "pilhy.csv")],
             ("Гнатюк Степан", None), ("податки",)),
]

NAMES = [d["name"] for d in DATASETS]
PRIVATE = {d["name"] for d in DATASETS if d.get("private")}
DRAFT = {d["name"] for d in DATASETS if d.get("state") == "draft"}
PUBLIC = [n for n in NAMES if n not in PRIVATE | DRAFT]
WITHOUT_RESOURCES = {d["name"] for d in DATASETS if not d["resources"]}
# Licences CKAN offers that this portal's register (data/licenses.json) does not: a person
# chooses an open licence (or decides the data is not open data).
CLOSED = {d["name"] for d in DATASETS if d["license_id"] in ("other-closed", "notspecified", "uk-ogl")}


def frequency(name: str) -> str | None:
    for dataset in DATASETS:
        if dataset["name"] == name:
            return next((e["value"] for e in dataset["extras"] if e["key"] == "update_frequency"), None)
    raise KeyError(name)


def license_of(name: str) -> str:
    return next(d["license_id"] for d in DATASETS if d["name"] == name)
