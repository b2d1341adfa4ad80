#!/usr/bin/env python
"""Structure validation's speed: data rows validated per second on one core, a generated CSV
of 200,000 rows (8 fields: integers, text, dates, numbers, a yes/no, a year; one row in a
thousand wrong) against a column listing as publishers upload it, through the same function
the background job calls (structure/validate.py). The row limit is lifted for the run.

Usage: .venv/bin/python bench/structure_validation.py [--rows 200000] [--delimiter ';']
"""
from __future__ import annotations

import argparse
import random
import time

from ckanext.chervonohrad.structure import schemas, validate

LISTING = """Назва поля;Опис;Тип;Обовʼязкове
id;Номер запису;Ціле число;так
name;Назва закладу;Текст;так
address;Адреса;Текст;ні
opened;Дата відкриття;Дата (РРРР-ММ-ДД);так
area;Площа, м²;Число;ні
places;Кількість місць;Ціле;ні
public;Комунальний;Так/Ні;так
year;Рік реконструкції;Рік;ні
""".encode("cp1251", errors="replace")


def generate(rows: int, delimiter: str, seed: int = 835) -> bytes:
    rng = random.Random(seed)
    lines = [delimiter.join(["id", "name", "address", "opened", "area", "places", "public", "year"])]
    for i in range(1, rows + 1):
        wrong = i % 1000 == 0
        lines.append(delimiter.join([
            str(i) if not wrong else f"№{i}", f"Заклад {i}", f"вул. Шевченка, {rng.randint(1, 200)}",
            f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.uniform(10, 5000):.2f}", str(rng.randint(0, 900)), rng.choice(["true", "false"]),
            str(rng.randint(1950, 2026)) if rng.random() > 0.3 else ""]))
    return ("\n".join(lines) + "\n").encode("cp1251", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--delimiter", default=";")
    args = parser.parse_args()
    structure = schemas.parse(LISTING)
    data = generate(args.rows, args.delimiter)
    started = time.process_time()
    outcome = validate.validate(data, "csv", structure.schema, max_rows=args.rows, keep=20)
    seconds = time.process_time() - started
    print(f"{outcome.rows} rows × {len(structure.schema.fields)} fields ({len(data) / 1024 ** 2:.1f} MB, "
          f"{outcome.encoding}, «{outcome.delimiter}»): {outcome.status}, {outcome.errors_total} errors, "
          f"{seconds:.1f} s CPU → {outcome.rows / seconds:,.0f} rows per second on one core")


if __name__ == "__main__":
    main()
