"""A realistic catalogue for the search benchmark, generated from Resolution 835's list:
every item of data/list835.yaml published by two hromadas' publishers (164 datasets), with
a Ukrainian description, the English title for bilingual readers, keywords and resources.
Deterministic, so both schemas index exactly the same documents."""
from __future__ import annotations

import re

from ckanext.chervonohrad.passport import vocabularies

HROMADAS = (
    ("sheptytskyi", "Шептицька міська територіальна громада", "Шептицької міської ради", "UA46120130000026331"),
    ("sokal", "Сокальська міська територіальна громада", "Сокальської міської ради", "UA46120110000062257"),
)
FREQUENCIES = ("once a month", "once a quarter", "once a year", "immediately after making changes")
STOP = {"та", "і", "й", "в", "у", "з", "із", "до", "на", "про", "що", "для", "за", "щодо", "їх", "а", "також", "тощо",
        "інші", "інших", "том", "числі", "дані", "даних", "перелік", "відомості", "інформація"}


def keywords(title: str) -> list[str]:
    words = [w for w in re.findall(r"\w+", title.lower()) if w not in STOP and len(w) > 3]
    return list(dict.fromkeys(words))[:4]


def datasets() -> list[dict]:
    out = []
    for index, item in enumerate(vocabularies.items("list835")):
        for slug, hromada, council, katottg in HROMADAS:
            title = f"{item['title']['uk']} — {hromada}"
            out.append({
                "name": f"{slug}-{item['id']}",
                "title": title[:254],
                "notes": (f"Набір даних {council}: {item['title']['uk'][:1].lower()}{item['title']['uk'][1:]}. "
                          f"Оприлюднюється відповідно до Постанови КМУ № 835 і оновлюється розпорядником "
                          f"у встановлені строки.\n\nEnglish: {item['title']['en']}."),
                "tags": [{"name": k[:100]} for k in keywords(item["title"]["uk"])],
                "list835_item": item["id"],
                "territory": katottg,
                "update_frequency": FREQUENCIES[index % len(FREQUENCIES)],
                "resources": [
                    {"url": f"https://data.example/{slug}/{item['id']}.csv", "name": f"Дані {2025 + index % 2} року",
                     "format": "CSV", "resource_role": "data"},
                    {"url": f"https://data.example/{slug}/{item['id']}-structure.csv", "name": "Структура набору даних",
                     "format": "CSV", "resource_role": "structure"},
                ],
            })
    return out
