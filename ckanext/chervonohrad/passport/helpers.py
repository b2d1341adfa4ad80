"""Scheming `choices_helper`s: every select in the schemas reads its list from data/."""
from __future__ import annotations

from typing import Any

from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.passport import rules, values, vocabularies


@helper
def chervonohrad_update_frequency_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("update_frequencies")


@helper
def chervonohrad_language_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("languages")


@helper
def chervonohrad_topic_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("topics", key="name", label="title")


@helper
def chervonohrad_publisher_type_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("publisher_types")


@helper
def chervonohrad_list835_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    not_in_list = {"value": "none", "label": {"uk": "Не входить до переліку", "en": "Not in the list"}}
    return [not_in_list] + vocabularies.choices("list835", key="id", label="title")


@helper
def chervonohrad_resource_role_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("resource_roles")


@helper
def chervonohrad_safe_url(url: Any) -> str:
    """The href for a user-given link, or '' when it must not be one (render the text
    unlinked then). Every template that links a URL a user typed asks this: http(s)
    addresses and paths on this portal (uploads) pass; javascript:, data:, vbscript:,
    file:, //other-site and their whitespace, control-character and case spellings do not,
    including those stored before the validators refused them."""
    if rules.link_kind(url) in ("web", "relative"):
        return rules.as_browser_reads(url)
    return ""


@helper
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


# Selects whose stored spellings values.py reads as a code: the form preselects the code,
# so saving the form stores it.
_FIELD_MAPPERS = {"update_frequency": values.update_frequency_code, "language": values.language_code}


@helper
def chervonohrad_keep_stored_choice(field: dict[str, Any], options: list[dict[str, Any]], selected: Any,
                                    editing: bool = False) -> tuple[list[dict[str, Any]], Any]:
    """A select never drops a stored value (form_snippets/select.html): a value the list
    does not know is preselected as the code values.py maps it to, or else shown as a
    selected option «value — unknown value, choose from the list», so saving the form
    unchanged keeps it (the validators keep a stored value while unchanged). Editing a
    record whose required select is empty (made before this extension), a blank option
    is selected rather than the list's first item chosen silently."""
    import ckan.plugins.toolkit as tk

    known = {str(option["value"]) for option in options}
    if selected is None or not str(selected).strip():
        if editing and "" not in known:
            options = [{"value": "", "text": ""}] + list(options)
        return options, "" if editing else selected
    if str(selected) in known:
        return options, selected
    mapper = _FIELD_MAPPERS.get(field.get("field_name"))
    code = mapper(selected) if mapper else None
    if code is not None and code in known:
        return options, code
    unknown = {"value": str(selected),
               "text": tk._("{value} — unknown value, choose from the list").format(value=selected)}
    blank = [option for option in options if option["value"] == ""]
    return blank + [unknown] + [option for option in options if option["value"] != ""], str(selected)


def _ckan_default_licences() -> dict[str, Any]:
    """CKAN's own licence list (ckan.model.license), which stock portals offer: it knows
    the titles of `other-closed`, `notspecified`, `uk-ogl` and the like."""
    from ckan.model import license as licences

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    return {cls.id: cls() for cls in every(licences.DefaultLicense) if cls.id}


@helper
def chervonohrad_licence_title(licence_id: Any) -> str:
    """A licence's title: from the portal's register, else CKAN's own list, else its id."""
    from ckan import model

    licence = model.Package.get_license_register().get(licence_id)
    if licence is not None:
        return licence.title
    default = _ckan_default_licences().get(licence_id)
    return default.title if default is not None else str(licence_id or "")


@helper
def chervonohrad_keep_stored_licence(options: list[dict[str, Any]], selected: Any) -> tuple[list[dict[str, Any]], Any]:
    """The licence select (form_snippets/license.html) with a stored licence outside the
    portal's open list kept: preselected as the open licence values.py maps it to (e.g.
    `CC-BY-4.0`), or shown selected with its title, marked as not open."""
    import ckan.plugins.toolkit as tk

    known = {str(option["value"]) for option in options}
    if selected is None or not str(selected).strip() or str(selected) in known:
        return options, selected
    mapped = values.license_id(selected)
    if mapped in known:
        return options, mapped
    closed = {"value": str(selected), "text": tk._("{title} — not an open licence: choose an open one").format(
        title=chervonohrad_licence_title(selected))}
    blank = [option for option in options if option["value"] == ""]
    return blank + [closed] + [option for option in options if option["value"] != ""], str(selected)


@helper
def chervonohrad_passport(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Passport rows and gaps for the dataset page, in the page's language."""
    import ckan.plugins.toolkit as tk

    from ckanext.chervonohrad.common.helpers import page_language

    return tk.get_action("chervonohrad_passport_show")({}, {"id": pkg_dict["id"], "lang": page_language()})


@helper
def chervonohrad_missing_labels(missing: list[dict[str, Any]], published: bool = False) -> list[str]:
    """'Label: why' lines for each gap, fields named as the form names them (a published
    dataset's gaps, from before the passport, in words of their own)."""
    import ckan.plugins.toolkit as tk

    from ckanext.chervonohrad.common.web_errors import field_label
    from ckanext.chervonohrad.passport.notices import PUBLISHED_REASONS
    from ckanext.chervonohrad.passport.validators import REASONS

    def why(reason: str) -> str:
        return tk._(PUBLISHED_REASONS[reason]) if published else REASONS[reason]()

    return [f"{field_label(gap['field'])}: {why(gap['reason'])}" for gap in missing]
