"""Strings ckanext-harvest translates at run time from values (a source's frequency, a job's
status, what a job did to a dataset), so extraction cannot find them in its code. This
extension's catalogue translates them with harvest's other strings (scripts/i18n_extract.py).
Nothing imports this module: it only lists the strings for extraction."""


def _(message: str) -> str:  # marks a string for extraction; CKAN translates it when it renders
    return message


FREQUENCIES = (_("Manual"), _("Monthly"), _("Weekly"), _("Biweekly"), _("Daily"), _("Always"))
JOB_STATUSES = (_("New"), _("Running"), _("Finished"))
DATASET_ACTIONS = (_("added"), _("updated"), _("deleted"), _("not modified"))
# Shown by this package's override of harvest's source admin page (templates/source/admin_base.html).
ADMIN_PAGE = (_("There already is an unrun job for this source"), _("Stop this job"))
# The titles of harvest's facets on its source list (plain strings in its plugin; this
# package's templates/source/search.html translates them).
FACET_TITLES = (_("Frequency"), _("Type"))
