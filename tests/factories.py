"""Factories for this portal's objects: a publisher with its identity, and a dataset
with a complete Resolution 835 passport (a data file and its structure file)."""
from __future__ import annotations

import factory

from ckan.tests import factories

# A complete passport of a real-looking dataset, field by field (the factories below
# build their own; round-trip tests and the benchmark send exactly this one).
SAMPLE_PASSPORT = {
    "title": "Зупинки громадського транспорту Шептицької громади",
    "notes": "Перелік зупинок з координатами й описом облаштування.",
    "language": "uk",
    "update_frequency": "once a quarter",
    "purpose_of_collecting_information": "Закон України «Про автомобільний транспорт»; інформування пасажирів.",
    "maintainer": "Бойко Василь Михайлович",
    "maintainer_email": "transport@sheptytskyi.example",
    "license_id": "cc-by",
    "list835_item": "lsg-public-transport-stops",
    "topic": "transport",
    "data_current_as_of": "2026-09-25",
    "territory": "UA46120130010071117",
    "temporal_start": "2026-01-01",
    "temporal_end": "2026-09-30",
    "version": "3.0",
}
SAMPLE_RESOURCES = [
    {"url": "https://data.example/stops.csv", "name": "Зупинки", "format": "CSV", "resource_role": "data",
     "data_current_as_of": "2026-09-25", "description": "Зупинки з координатами (WGS 84)."},
    {"url": "https://data.example/stops-structure.json", "name": "Структура", "format": "JSON",
     "resource_role": "structure"},
    {"url": "https://data.example/api", "name": "API", "format": "API", "resource_role": "api"},
]


FIRST_EDRPOU = "14360570"  # the code the harvest fixtures' remote publisher carries


def free_edrpou() -> str:
    """FIRST_EDRPOU for a test's first publisher, then the next valid codes no publisher holds
    (two publishers never share a code)."""
    from ckanext.chervonohrad.common.publishers import with_edrpou
    from ckanext.chervonohrad.passport import rules

    for head in range(int(FIRST_EDRPOU[:7]), 10_000_000):
        code = next((c for c in (f"{head:07d}{d}" for d in range(10)) if rules.edrpou_is_valid(c)), None)
        if code and with_edrpou(code) is None:
            return code
    raise RuntimeError("no free EDRPOU code")


class Publisher(factories.Organization):
    edrpou = factory.LazyFunction(free_edrpou)
    publisher_type = "executive_body"
    hromada = "UA46120130000026331"


class PassportDataset(factories.Dataset):
    owner_org = factory.LazyFunction(lambda: Publisher()["id"])
    notes = "Планові та фактичні показники, оновлюються щомісяця."
    tags = factory.LazyFunction(lambda: [{"name": "бюджет"}, {"name": "фінанси"}])
    language = "uk"
    update_frequency = "once a month"
    purpose_of_collecting_information = "Бюджетний кодекс України; інформування мешканців громади."
    maintainer = "Савчук Ірина Богданівна"
    maintainer_email = "finance@sheptytskyi.example"
    license_id = "cc-by"
    list835_item = "lsg-budget"
    topic = "finansy"
    data_current_as_of = "2026-10-01"
    resources = factory.LazyFunction(lambda: [
        {"url": "https://data.example/budget.csv", "name": "Дані", "format": "CSV", "resource_role": "data"},
        {"url": "https://data.example/budget-structure.csv", "name": "Структура набору даних",
         "format": "CSV", "resource_role": "structure"},
    ])
