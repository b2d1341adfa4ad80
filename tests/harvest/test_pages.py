"""Harvest's list of sources speaks the page's language: its facet titles and the count of
sources found are plain English strings in ckanext-harvest, translated by this portal."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.factories import Publisher
from tests.harvest.helpers import create_source


def texts(app, path):
    page = app.get(path)
    assert page.status_code == 200
    soup = BeautifulSoup(page.body, "html.parser")
    return soup, " ".join(soup.get_text(" ").split())


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_empty_list_in_ukrainian_and_english(app):
    soup, text = texts(app, "/harvest")
    assert "Джерел збирання не знайдено" in text
    titles = [h.get_text(" ", strip=True) for h in soup.select(".module-heading")]
    assert titles == ["Періодичність", "Тип"]
    _, text = texts(app, "/en/harvest")
    assert "No harvest sources found" in text and "Frequency" in text


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_count_agrees_with_the_number(app):
    owner = Publisher(name="finansy")
    create_source("dzherelo-1", "https://data.gov.ua/", owner["id"])
    _, text = texts(app, "/harvest")
    assert "Знайдено 1 джерело збирання" in text
    create_source("dzherelo-2", "https://data.lviv.ua/", owner["id"])
    _, text = texts(app, "/harvest")
    assert "Знайдено 2 джерела збирання" in text
    _, text = texts(app, "/en/harvest")
    assert "2 harvest sources found" in text
