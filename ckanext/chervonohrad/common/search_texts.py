"""CKAN's search pages count their results in sentences built from the dataset type
(snippets/search_result_text.html: '{number} ' + type + 's found'; the page's title and
breadcrumb, package/search.html: _(dataset_type.title() + 's')), so a type of our own, or
harvest's, gets English sentences no catalogue holds. The portal's catalogue translates them;
nothing calls this module, it lists the strings for extraction (common.i18n._nn)."""
from __future__ import annotations

from ckanext.chervonohrad.common.i18n import _n, _nn

# For each type shown at its own search page: harvest sources, use cases (showcase).
BY_TYPE = {
    "harvest": (
        _nn('{number} harvest found for "{query}"', '{number} harvests found for "{query}"'),
        _n('No harvests found for "{query}"'),
        _nn("{number} harvest found", "{number} harvests found"),
        _n("No harvests found"),
    ),
    "showcase": (
        _n("Showcase"), _n("Showcases"),  # package/search.html: _(dataset_type.title() + 's')
        _nn('{number} showcase found for "{query}"', '{number} showcases found for "{query}"'),
        _n('No showcases found for "{query}"'),
        _nn("{number} showcase found", "{number} showcases found"),
        _n("No showcases found"),
    ),
}
