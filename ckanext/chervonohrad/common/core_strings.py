"""Strings of CKAN's own templates that CKAN's Ukrainian catalogue does not have yet (new in
CKAN 2.12: the resource form's "Publish", the facet lists' labels). This extension's catalogue
translates them, and CKAN merges it over its own, so those pages stay Ukrainian. Nothing imports
this module: it only lists the strings for extraction (make i18n-extract)."""


def _(message: str) -> str:  # marks a string for extraction; CKAN translates it when it renders
    return message


CKAN_2_12 = (
    _("Publish"),
    _("Filter by: {title}"),
    _("Search datasets by {name}: {label}"),
    _("Remove applied filter: {value}"),
    _("close"),
)
