"""What a news post must contain. Lengths and plain text are judged by the passport and
feedback rooms' validators, the hromada by the hromada room's; the day and the datasets by
this room's (validators.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.validation import by_id  # noqa: F401  the rooms' id-only schema
from ckanext.chervonohrad.news.model import BODY_MAX, TITLE_MAX


def _text(limit: int, required: bool):
    v = tk.get_validator
    first = v("not_empty") if required else v("ignore_missing")
    return [first, v("unicode_safe"), v("chervonohrad_strip"), v("chervonohrad_plain_text"), v("not_empty"),
            v("chervonohrad_max_length")(limit)]


def _post(required: bool) -> dict:
    v = tk.get_validator
    return {
        "title": _text(TITLE_MAX, required),
        "body": _text(BODY_MAX, required),
        # Missing on create (or empty): today in Kyiv; missing on update: unchanged.
        "published": [v("chervonohrad_news_date")] if required else [v("ignore_missing"), v("chervonohrad_news_date")],
        # Missing or empty: the whole oblast (on update, missing: unchanged).
        "hromada": [v("ignore_missing"), v("unicode_safe"), v("chervonohrad_news_oblast_if_empty"),
                    v("chervonohrad_hromada")],
        "datasets": [v("ignore_missing"), v("chervonohrad_news_datasets")],
    }


def news_create() -> dict:
    return _post(required=True)


def news_update() -> dict:
    return dict(_post(required=False), id=[tk.get_validator("not_empty"), tk.get_validator("unicode_safe")])



@tk.validator_args
def news_list(ignore_missing, unicode_safe, int_validator, natural_number_validator, chervonohrad_strip,
              chervonohrad_news_list_hromada, chervonohrad_max_length):
    return {
        "hromada": [ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_news_list_hromada],
        "dataset": [ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_max_length(200)],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }
