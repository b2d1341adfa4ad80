"""Every passport field's bad input is refused, field named, in the user's language;
drafts may be incomplete, publishing needs the whole passport."""
from __future__ import annotations

import uuid

import factory
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import PassportDataset, Publisher


def passport(**overrides) -> dict:
    fields = factory.build(dict, FACTORY_CLASS=PassportDataset)
    fields.update(owner_org=Publisher()["id"], name=f"nabir-{uuid.uuid4().hex[:12]}")
    fields.update(overrides)
    return fields


def create(user, **overrides):
    return call_action("package_create", context={"user": user["name"], "ignore_auth": False}, **passport(**overrides))


def errors_of(user, **overrides) -> dict:
    with pytest.raises(tk.ValidationError) as raised:
        create(user, **overrides)
    return raised.value.error_dict


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


BAD_VALUES = [
    # Not `weekly`: stock CKAN's code is understood as «once a week» (passport/values.py).
    ("update_frequency", "sometimes", "Невідоме значення «sometimes»", "Unknown value «sometimes»"),
    ("language", "ru", "Невідоме значення «ru»", "Unknown value «ru»"),
    ("topic", "sport", "Невідоме значення «sport»", "Unknown value «sport»"),
    ("maintainer_email", "finance(at)rada.ua", "некоректна адреса електронної пошти", "is not a valid email address"),
    ("title", "Б" * 255, "Не більше 254 символів (зараз 255)", "Must be at most 254 characters long (now 255)"),
    ("notes", "о" * 4001, "Не більше 4000 символів (зараз 4001)", "Must be at most 4000 characters long (now 4001)"),
    ("purpose_of_collecting_information", "п" * 513, "Не більше 512 символів (зараз 513)",
     "Must be at most 512 characters long (now 513)"),
    ("list835_item", "lsg-unknown", "не пункт переліку Постанови № 835", "is not an item of Resolution 835's list"),
    ("data_current_as_of", "01.10.2026", "не дата у форматі РРРР-ММ-ДД", "is not a date in the form YYYY-MM-DD"),
    ("temporal_start", "2026-02-30", "не дата у форматі РРРР-ММ-ДД", "is not a date in the form YYYY-MM-DD"),
    ("territory", "46120130000026331", "Код КАТОТТГ — це «UA» і 17 цифр",
     "A KATOTTG code is «UA» followed by 17 digits"),
    ("license_id", "other-closed", "лише відкриту ліцензію", "Only open licences may be chosen"),
]
IDS = [b[0] for b in BAD_VALUES]


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestBadInput:
    @pytest.mark.parametrize("field, value, message, english", BAD_VALUES, ids=IDS)
    def test_refused_with_the_field_named(self, sysadmin, field, value, message, english):
        errors = errors_of(sysadmin, **{field: value})
        assert message in " ".join(errors[field])

    @pytest.mark.parametrize("field, value, message, english", BAD_VALUES, ids=IDS)
    def test_refused_on_drafts_too(self, sysadmin, field, value, message, english):
        errors = errors_of(sysadmin, state="draft", **{field: value})
        assert message in " ".join(errors[field])

    def test_nothing_is_half_written(self, sysadmin):
        errors_of(sysadmin, name="napivzapysanyi", update_frequency="sometimes")
        with pytest.raises(tk.ObjectNotFound):
            call_action("package_show", id="napivzapysanyi")

    def test_end_before_start(self, sysadmin):
        errors = errors_of(sysadmin, temporal_start="2026-06-01", temporal_end="2026-01-01")
        assert errors["temporal_end"] == ["Кінець періоду раніший за його початок"]

    def test_unknown_resource_format(self, sysadmin):
        errors = errors_of(sysadmin, resources=[
            {"url": "https://data.example/x.foo", "format": "FOO", "resource_role": "data"}])
        assert "Невідомий формат «FOO»" in str(errors["resources"])

    def test_unknown_resource_role(self, sysadmin):
        errors = errors_of(sysadmin, resources=[
            {"url": "https://data.example/x.csv", "format": "CSV", "resource_role": "picture"}])
        assert "Невідоме значення «picture»" in str(errors["resources"])


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestNormalisation:
    def test_format_spelling_follows_the_vocabulary(self, sysadmin):
        dataset = create(sysadmin, resources=[
            {"url": "https://data.example/a.csv", "format": "csv", "resource_role": "data"},
            {"url": "https://data.example/s.json", "format": ".json", "resource_role": "structure"}])
        assert [r["format"] for r in dataset["resources"]] == ["CSV", "JSON"]

    def test_territory_defaults_to_the_council(self, sysadmin, ckan_config):
        dataset = create(sysadmin, territory="")
        assert dataset["territory"] == ckan_config["ckanext.chervonohrad.council_katottg"]

    def test_email_is_trimmed(self, sysadmin):
        assert create(sysadmin, maintainer_email="  a@rada.gov.ua ")["maintainer_email"] == "a@rada.gov.ua"


REQUIRED = ["notes", "language", "update_frequency", "maintainer", "maintainer_email",
            "purpose_of_collecting_information", "license_id"]


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestPublicationGate:
    @pytest.mark.parametrize("field", REQUIRED)
    def test_publishing_needs_each_passport_field(self, sysadmin, field):
        errors = errors_of(sysadmin, **{field: ""})
        assert errors[field] == ["Обов'язкове для оприлюднення набору даних"]

    def test_publishing_needs_keywords(self, sysadmin):
        errors = errors_of(sysadmin, tags=[])
        assert errors["tag_string"] == ["Обов'язкове для оприлюднення набору даних"]

    def test_publishing_needs_data_and_structure_resources(self, sysadmin):
        errors = errors_of(sysadmin, resources=[])
        assert errors["resource_role"] == [
            "Перед оприлюдненням додайте хоча б один ресурс із роллю «Дані»",
            "Перед оприлюдненням додайте файл структури набору даних (ресурс із роллю «Структура набору даних»)",
        ]

    def test_a_draft_may_be_incomplete(self, sysadmin):
        draft = create(sysadmin, state="draft", maintainer_email="", purpose_of_collecting_information="",
                       resources=[])
        assert draft["state"] == "draft"

    def test_an_incomplete_draft_cannot_be_published(self, sysadmin):
        draft = create(sysadmin, state="draft", maintainer_email="", resources=[])
        with pytest.raises(tk.ValidationError) as raised:
            call_action("package_patch", context={"user": sysadmin["name"]}, id=draft["id"], state="active")
        assert set(raised.value.error_dict) == {"maintainer_email", "resource_role"}
        assert call_action("package_show", id=draft["id"])["state"] == "draft"

    def test_a_completed_draft_is_published(self, sysadmin):
        draft = create(sysadmin, state="draft", maintainer_email="", resources=[])
        for role in ("data", "structure"):
            call_action("resource_create", context={"user": sysadmin["name"]}, package_id=draft["id"],
                        url=f"https://data.example/{role}.csv", format="CSV", resource_role=role)
        published = call_action("package_patch", context={"user": sysadmin["name"]}, id=draft["id"],
                                maintainer_email="a@rada.gov.ua", state="active")
        assert published["state"] == "active"

    def test_updates_that_leave_resources_out_keep_them_counting(self, sysadmin):
        dataset = create(sysadmin)
        updated = call_action("package_patch", context={"user": sysadmin["name"]}, id=dataset["id"], version="2.0")
        assert updated["version"] == "2.0"
        assert len(updated["resources"]) == 2

    def test_deleting_the_structure_file_of_a_public_dataset_is_refused(self, sysadmin):
        dataset = create(sysadmin)
        structure = [r for r in dataset["resources"] if r["resource_role"] == "structure"][0]
        with pytest.raises(tk.ValidationError):
            call_action("resource_delete", context={"user": sysadmin["name"]}, id=structure["id"])
        assert len(call_action("package_show", id=dataset["id"])["resources"]) == 2


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestMessagesInBothLanguages:
    """Through the HTTP API, where the locale comes from the URL."""

    def post(self, app, prefix, user, **overrides):
        return app.post(
            prefix + "/api/3/action/package_create",
            json=passport(**overrides),
            headers={"Authorization": user["token"]},
            status=409,
        ).json["error"]

    def test_ukrainian(self, app):
        user = factories.SysadminWithToken()
        error = self.post(app, "", user, update_frequency="sometimes", maintainer_email="")
        assert error["update_frequency"] == ["Невідоме значення «sometimes»: оберіть значення зі списку"]
        assert error["maintainer_email"] == ["Обов'язкове для оприлюднення набору даних"]

    @pytest.mark.parametrize("field, value, message, english", BAD_VALUES, ids=IDS)
    def test_each_bad_value_in_both_languages(self, app, field, value, message, english):
        user = factories.SysadminWithToken()
        assert message in " ".join(self.post(app, "", user, **{field: value})[field])
        assert english in " ".join(self.post(app, "/en", user, **{field: value})[field])

    def test_english(self, app):
        user = factories.SysadminWithToken()
        error = self.post(app, "/en", user, update_frequency="sometimes", maintainer_email="")
        assert error["update_frequency"] == ["Unknown value «sometimes»: choose one from the list"]
        assert error["maintainer_email"] == ["Required before the dataset is published"]


@pytest.mark.usefixtures("clean_db", "ukrainian")
class TestPublisherSchema:
    @pytest.mark.parametrize("code", ["14360570", "26162800", "44106679", "26510514"])
    def test_real_edrpou_codes_are_accepted(self, code):
        assert Publisher(edrpou=code)["edrpou"] == code

    @pytest.mark.parametrize("code, message", [
        ("14360571", "не проходить перевірку контрольної цифри"),
        ("26162880", "не проходить перевірку контрольної цифри"),
        ("4410667", "рівно з 8 цифр"),
        ("4410667X", "рівно з 8 цифр"),
    ])
    def test_bad_edrpou_codes_are_refused(self, code, message):
        with pytest.raises(tk.ValidationError) as raised:
            Publisher(edrpou=code)
        assert message in raised.value.error_dict["edrpou"][0]

    def test_edrpou_and_publisher_type_are_required(self):
        with pytest.raises(tk.ValidationError) as raised:
            Publisher(edrpou="", publisher_type="")
        assert set(raised.value.error_dict) >= {"edrpou", "publisher_type"}

    def test_unknown_publisher_type_and_bad_codes(self):
        with pytest.raises(tk.ValidationError) as raised:
            Publisher(publisher_type="ministry", hromada="UA1", officer_email="nope", website="not a url")
        assert set(raised.value.error_dict) == {"publisher_type", "hromada", "officer_email", "website"}


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("prefix, message", [
    ("", "Код ЄДРПОУ 14360571 не проходить перевірку контрольної цифри: перевірте, чи не помилилися в цифрі"),
    ("/en", "The EDRPOU code 14360571 fails its check digit: look for a mistyped digit"),
])
def test_edrpou_message_in_both_languages(app, prefix, message):
    sysadmin = factories.SysadminWithToken()
    error = app.post(prefix + "/api/3/action/organization_create", headers={"Authorization": sysadmin["token"]},
                     json={"name": "finupr", "edrpou": "14360571", "publisher_type": "executive_body"},
                     status=409).json["error"]
    assert error["edrpou"] == [message]
