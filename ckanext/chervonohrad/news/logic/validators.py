"""Checks on a news post: its day (a Kyiv date, not in the future; today when not given)
and the datasets it names (public, active datasets only, and the refusal does not tell a
private one from one that does not exist)."""
from __future__ import annotations

import datetime as dt
import re

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import missing

from ckanext.chervonohrad.common import clock
from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.news.model import DATASETS_MAX
from ckanext.chervonohrad.news.quarters import kyiv_day


def kyiv_today() -> dt.date:
    return kyiv_day(clock.utcnow())


@validator
def chervonohrad_news_date(key, data, errors, context):
    """YYYY-MM-DD, at most today in Kyiv; empty: today in Kyiv."""
    value = data.get(key)
    if value is missing or value is None or (isinstance(value, str) and not value.strip()):
        data[key] = kyiv_today()
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            fail(key, errors, tk._("Write the date as YYYY-MM-DD, for example 2026-04-01"))
    if value > kyiv_today():
        fail(key, errors, tk._("The date must not be in the future"))
    data[key] = value


@validator
def chervonohrad_news_oblast_if_empty(key, data, errors, context):
    """An empty hromada is the whole oblast (None)."""
    value = data.get(key)
    if isinstance(value, str) and not value.strip():
        data[key] = None


# A dataset's page address pasted instead of its name: …/dataset/<name>, in any language.
_DATASET_URL = re.compile(r"/dataset/([^/?#\s]+)")


def _names(value) -> list[str]:
    """The names or ids in a list, or in text separated by commas, spaces or new lines."""
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,;]+", str(value))
    names = []
    for item in items:
        text = str(item).strip()
        found = _DATASET_URL.search(text)
        text = found[1] if found else text
        if text and text not in names:
            names.append(text)
    return names


def public_dataset(name_or_id: str) -> model.Package | None:
    """The active, public dataset of this name or id; None for any other (missing, private,
    deleted, a draft, another type: callers do not tell them apart)."""
    package = model.Package.get(name_or_id)
    if package is None or package.state != model.State.ACTIVE or package.private or package.type != "dataset":
        return None
    return package


@validator
def chervonohrad_news_datasets(key, data, errors, context):
    """Names or ids of public datasets, to their ids (each once)."""
    value = data.get(key)
    if value is missing or value is None:
        return
    if not isinstance(value, list | tuple | str):
        fail(key, errors, tk._("Give a list of dataset names"))
    names = _names(value)
    if len(names) > DATASETS_MAX:
        fail(key, errors, tk._("Name at most {count} datasets").format(count=DATASETS_MAX))
    ids, unknown = [], []
    for name in names:
        package = public_dataset(name)
        if package is None:
            unknown.append(name)
        elif package.id not in ids:
            ids.append(package.id)
    if unknown:
        fail(key, errors, tk._("Not a public dataset of this portal: {names}").format(
            names=", ".join(f"«{name}»" for name in unknown)))
    data[key] = ids


OBLAST = "oblast"  # the list's filter for the oblast-wide posts


@validator
def chervonohrad_news_list_hromada(key, data, errors, context):
    """A hromada's code, or `oblast` for the posts of the whole oblast."""
    value = data.get(key)
    if isinstance(value, str) and value.strip().lower() == OBLAST:
        data[key] = OBLAST
        return
    tk.get_validator("chervonohrad_hromada")(key, data, errors, context)
