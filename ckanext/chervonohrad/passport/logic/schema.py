from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def list835_filters(ignore_missing, unicode_safe, one_of):
    from ckanext.chervonohrad.passport import vocabularies

    sections = sorted({item["section"] for item in vocabularies.items("list835")})
    types = [item["code"] for item in vocabularies.items("publisher_types")]
    return {
        "section": [ignore_missing, unicode_safe, one_of(sections)],
        "publisher_type": [ignore_missing, unicode_safe, one_of(types)],
    }


@tk.validator_args
def passport_show(not_empty, unicode_safe, ignore_missing, one_of):
    return {
        "id": [not_empty, unicode_safe],
        "lang": [ignore_missing, unicode_safe, one_of(["uk", "en"])],
    }
