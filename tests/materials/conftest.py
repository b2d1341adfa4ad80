"""People of the materials room's tests: a regional administrator (test.ini names
oblast-coordinator), a sysadmin, a publisher's admin, a council officer of the publisher's
hromada and a plain user; and the helpers that upload a file as a form or the API does."""
from __future__ import annotations

import io
import os

import pytest
from werkzeug.datastructures import FileStorage

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.materials import files
from ckanext.chervonohrad.materials.model import Material
from tests.browser import PASSWORD
from tests.factories import Publisher
from tests.hromada.officers import SHEPTYTSKA, name_officer

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def act(action: str, user: dict | None, **data):
    return call_action(action, context={"user": user["name"] if user else None, "ignore_auth": False}, **data)


def upload(name: str = "Методичка відповідальним.pdf", content: bytes = PDF) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


def link_material(**overrides) -> dict:
    data = {"title": "Рекомендації для оприлюднення наборів відкритих даних",
            "url": "https://data.gov.ua/pages/835-rec-index", "source": "data.gov.ua",
            "topic": "passport", "audience": "responsible_persons", "position": 0}
    data.update(overrides)
    return data


def file_material(**overrides) -> dict:
    data = {"title": "Памʼятка відповідальній особі", "upload": upload(), "source": "Львівська ОВА",
            "topic": "publishing_835", "audience": "responsible_persons", "position": 5}
    data.update(overrides)
    return data


def stored_path(material_id: str) -> str:
    return files.path(model.Session.get(Material, material_id).file_name)


def stored_files() -> set[str]:
    root = os.path.dirname(files.path("0" * 32 + ".pdf"))
    return set(os.listdir(root)) if os.path.isdir(root) else set()


class People:
    def __init__(self):
        self.coordinator = factories.UserWithToken(name="oblast-coordinator", email="coordinator@oblast.example",
                                                   password=PASSWORD)
        self.sysadmin = factories.SysadminWithToken(name="portal-admin", email="admin@oblast.example")
        self.org_admin = factories.UserWithToken(name="finance-admin", email="finance-admin@sheptytskyi.example",
                                                 password=PASSWORD)
        self.officer = factories.UserWithToken(name="council-officer", email="officer@sheptytskyi.example",
                                               password=PASSWORD)
        self.citizen = factories.UserWithToken(name="citizen", email="citizen@example.com")
        self.org = Publisher(name="finance", title="Фінансове управління", hromada=SHEPTYTSKA,
                             users=[{"name": self.org_admin["name"], "capacity": "admin"}])
        name_officer(self.officer, SHEPTYTSKA)


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people):
    return _people.restore()


@pytest.fixture
def english(app):
    """Direct action calls in English: this room's messages reach the Ukrainian catalogue
    only when it is next merged, so the tests read the English msgids."""
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "en"}):
        yield
