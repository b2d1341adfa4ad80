# -*- coding: utf-8 -*-
"""Factories for this portal's objects: a publisher with its identity, and a dataset
with a complete Resolution 835 passport (a data file and its structure file)."""
from __future__ import annotations

import factory

from ckan.tests import factories


class Publisher(factories.Organization):
    edrpou = "14360570"
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
