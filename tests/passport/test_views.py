"""The passport on the dataset page, its downloads, and the search facets."""
from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.factories import PassportDataset, Publisher


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPassportPanel:
    def test_shown_in_the_regulations_order(self, app):
        dataset = PassportDataset(title="Зупинки громадського транспорту", update_frequency="once a quarter")
        page = BeautifulSoup(app.get(tk.url_for("dataset.read", id=dataset["name"])).body, "html.parser")
        panel = page.select_one("section.chervonohrad-passport")
        assert panel.h3.text == "Паспорт набору даних"
        rows = panel.select("tbody tr")
        assert [int(r.td.text) for r in rows] == list(range(1, 17))
        by_field = {r["data-field"]: r.select_one("td.dataset-details").get_text(strip=True) for r in rows}
        assert by_field["title"] == "Зупинки громадського транспорту"
        assert by_field["update_frequency"] == "Щокварталу"
        assert "chervonohrad-missing" not in str(page)

    def test_in_english(self, app):
        dataset = PassportDataset()
        page = BeautifulSoup(app.get("/en" + tk.url_for("dataset.read", id=dataset["name"])).body, "html.parser")
        panel = page.select_one("section.chervonohrad-passport")
        assert panel.h3.text == "Dataset passport"
        assert "Once a month" in panel.text

    def test_editor_sees_what_a_draft_lacks(self, app):
        user = factories.UserWithToken()
        org = Publisher(users=[{"name": user["name"], "capacity": "editor"}])
        draft = PassportDataset(owner_org=org["id"], state="draft", purpose_of_collecting_information="",
                                resources=[], user=user)
        body = app.get(tk.url_for("dataset.read", id=draft["name"]), headers={"Authorization": user["token"]}).body
        missing = BeautifulSoup(body, "html.parser").select_one(".chervonohrad-missing")
        items = [li.get_text(strip=True) for li in missing.select("li")]
        assert items == [
            "Підстава та призначення збору інформації: Обов'язкове для оприлюднення набору даних",
            "Ресурси: Перед оприлюдненням додайте хоча б один ресурс із роллю «Дані»",
            "Ресурси: Перед оприлюдненням додайте файл структури набору даних "
            "(ресурс із роллю «Структура набору даних»)",
        ]

    def test_anonymous_cannot_see_a_draft(self, app):
        draft = PassportDataset(state="draft")
        app.get(tk.url_for("dataset.read", id=draft["name"]), status=404)


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPassportDownloads:
    def test_csv(self, app):
        dataset = PassportDataset(title="Цільові програми")
        response = app.get(f"/dataset/{dataset['name']}/passport.csv")
        assert response.headers["Content-Type"].startswith("text/csv")
        assert f'{dataset["name"]}-passport.csv' in response.headers["Content-Disposition"]
        lines = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert lines[0] == ["№", "Поле", "Значення"]
        assert lines[2] == ["2", "Найменування набору даних", "Цільові програми"]
        assert len(lines) == 17

    def test_csv_in_english(self, app):
        dataset = PassportDataset()
        body = app.get(f"/en/dataset/{dataset['name']}/passport.csv").body
        lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        assert lines[0] == ["No.", "Field", "Value"]
        assert lines[10][1:] == ["Update frequency", "Once a month"]

    def test_json(self, app):
        dataset = PassportDataset()
        body = app.get(f"/dataset/{dataset['id']}/passport.json").json
        assert body["dataset"] == dataset["name"]
        assert [r["number"] for r in body["rows"]] == list(range(1, 17))
        assert body["missing"] == []

    def test_unknown_dataset_is_a_404(self, app):
        app.get("/dataset/nemaie/passport.json", status=404)
        app.get("/dataset/nemaie/passport.csv", status=404)

    def test_private_dataset_is_a_403_for_outsiders_and_served_to_members(self, app):
        member = factories.UserWithToken()
        org = Publisher(users=[{"name": member["name"], "capacity": "member"}])
        dataset = PassportDataset(owner_org=org["id"], private=True)
        app.get(f"/dataset/{dataset['name']}/passport.json", status=403)
        stranger = factories.UserWithToken()
        app.get(f"/dataset/{dataset['name']}/passport.json", headers={"Authorization": stranger["token"]}, status=403)
        body = app.get(f"/dataset/{dataset['name']}/passport.json", headers={"Authorization": member["token"]}).json
        assert body["dataset"] == dataset["name"]
