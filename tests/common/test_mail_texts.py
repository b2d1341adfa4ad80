"""An email's two parts name the portal in their own language: the Ukrainian part
`ckan.site_title`, the English part `ckanext.chervonohrad.site_title_en` (or, unset, the
Ukrainian name, as a portal that never set it always had)."""
from __future__ import annotations

import pathlib

import pytest

from ckanext.chervonohrad.common import mail

UK = "Портал відкритих даних громади"
EN = "Hromada Open Data Portal"


def _parts(body: str) -> tuple[str, str]:
    uk, _, en = body.partition("Someone suggested on")
    assert en, body
    return uk, en


@pytest.mark.ckan_config("ckan.site_title", UK)
@pytest.mark.ckan_config("ckanext.chervonohrad.site_title_en", EN)
def test_each_part_names_the_portal_in_its_language(ckan_config):
    _subject, body = mail.render("suggestion_new", suggestion={"title": "Бюджет", "description": ""},
                                 url="http://x/suggestions/1")
    uk, en = _parts(body)
    assert f"На порталі «{UK}»" in uk and EN not in uk
    assert f'"{EN}"' in en and UK not in en


@pytest.mark.ckan_config("ckan.site_title", UK)
@pytest.mark.ckan_config("ckanext.chervonohrad.site_title_en", "")
def test_without_an_english_name_both_parts_use_the_portals_own(ckan_config):
    _subject, body = mail.render("suggestion_new", suggestion={"title": "Бюджет", "description": ""},
                                 url="http://x/suggestions/1")
    uk, en = _parts(body)
    assert f"«{UK}»" in uk and f'"{UK}"' in en


def test_every_email_with_the_portals_name_has_it_in_english_too():
    for path in sorted(pathlib.Path(mail.TEMPLATES).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "{{ site_title }}" in text:
            assert "{{ site_title_en }}" in text, path.name
            assert text.index("{{ site_title }}") < text.index("{{ site_title_en }}"), path.name
