"""Scheming `choices_helper`s: every select in the schemas reads its list from data/."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad.passport import rules, vocabularies


def chervonohrad_update_frequency_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("update_frequencies")


def chervonohrad_language_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("languages")


def chervonohrad_topic_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("topics", key="name", label="title")


def chervonohrad_publisher_type_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("publisher_types")


def chervonohrad_list835_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    not_in_list = {"value": "none", "label": {"uk": "Не входить до переліку", "en": "Not in the list"}}
    return [not_in_list] + vocabularies.choices("list835", key="id", label="title")


def chervonohrad_resource_role_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("resource_roles")


def chervonohrad_safe_url(url: Any) -> str:
    """The href for a user-given link, or '' when it must not be one (render the text
    unlinked then). Every template that links a URL a user typed asks this: http(s)
    addresses and paths on this portal (uploads) pass; javascript:, data:, vbscript:,
    file:, //other-site and their whitespace, control-character and case spellings do not,
    including those stored before the validators refused them."""
    if rules.link_kind(url) in ("web", "relative"):
        return rules.as_browser_reads(url)
    return ""


def chervonohrad_unsafe_links(pkg_dict: dict[str, Any]) -> list[str]:
    """For the dataset's editors: each resource whose stored link is not one the portal
    would accept today (saved before it was checked), named, with what to do."""
    import ckan.plugins.toolkit as tk

    lines = []
    for number, resource in enumerate(pkg_dict.get("resources") or [], start=1):
        upload = bool(resource.get("url_type"))
        if not rules.link_is_storable(resource.get("url"), upload=upload):
            lines.append(tk._("Resource {number} «{name}»: «File or link» is not a web address starting with "
                              "http:// or https://, so it is shown unlinked; edit the resource and give a web "
                              "address or upload the file").format(
                number=number, name=resource.get("name") or resource.get("id")))
    return lines


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in globals().items()
        if name.startswith("chervonohrad_") and callable(fn)
    }


def chervonohrad_passport(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Passport rows and gaps for the dataset page, in the page's language."""
    import ckan.plugins.toolkit as tk

    from ckanext.chervonohrad.common.helpers import page_language

    return tk.get_action("chervonohrad_passport_show")({}, {"id": pkg_dict["id"], "lang": page_language()})


def chervonohrad_missing_labels(missing: list[dict[str, Any]]) -> list[str]:
    """'Label: why' lines for each gap, fields named as the form names them."""
    from ckanext.chervonohrad.common.web_errors import field_label
    from ckanext.chervonohrad.passport.validators import REASONS

    return [f"{field_label(gap['field'])}: {REASONS[gap['reason']]()}" for gap in missing]


def chervonohrad_facet_label_function(facet: str) -> Callable[[dict[str, Any]], str] | None:
    """A `label_function` for snippets/facet_list.html that shows codes as labels."""

    from ckanext.chervonohrad.passport.search import FACET_VOCABULARIES, facet_label

    if facet not in FACET_VOCABULARIES and facet != "quality_band":
        return None
    from ckanext.chervonohrad.common.helpers import page_language

    lang = page_language()
    return lambda item: facet_label(facet, item["name"], lang)
