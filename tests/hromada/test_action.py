"""The hromada room's API: the list of hromadas, naming and withdrawing council officers,
assigning publishers to hromadas in bulk (all or nothing), and the organization schema's
required hromada."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.hromada import access, vocabulary
from tests.factories import Publisher
from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, act, edrpou, publisher_in
from tests.registration.test_action import application_data

UNKNOWN = "UA99999999999999999"  # well formed, but no hromada of the oblast

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def admin():
    return factories.Sysadmin()


@pytest.fixture
def user():
    return factories.User()


def officers(hromada: str | None = None) -> list[tuple[str, str]]:
    rows = call_action("chervonohrad_hromada_officer_list", **({"hromada": hromada} if hromada else {}))
    return [(row["hromada"], row["user"]) for row in rows]


class TestHromadaList:
    def test_anyone_lists_every_hromada_with_its_publishers(self):
        publisher_in(SHEPTYTSKA, "kultura")
        publisher_in(SHEPTYTSKA, "osvita", edrpou=edrpou("4410668"))
        publisher_in(SOKALSKA, "sokal-rada", edrpou=edrpou("4410669"))
        rows = act("chervonohrad_hromada_list", None)
        assert len(rows) == len(vocabulary.hromadas())
        by_code = {row["code"]: row for row in rows}
        assert by_code[SHEPTYTSKA]["publishers"] == 2
        assert by_code[SOKALSKA]["publishers"] == 1
        assert by_code[SOKALSKA]["label"] == {"uk": "Сокальська територіальна громада", "en": "Sokalska hromada"}
        assert sum(row["publishers"] for row in rows) == 3

    def test_a_deleted_publisher_is_not_counted(self, admin):
        org = publisher_in(SOKALSKA, "sokal-rada")
        call_action("organization_delete", context={"user": admin["name"]}, id=org["id"])
        assert {r["code"]: r["publishers"] for r in act("chervonohrad_hromada_list", None)}[SOKALSKA] == 0


class TestOfficers:
    def test_add_list_remove(self, admin, user):
        added = act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["name"])
        assert (added["hromada"], added["user"], added["named_by"]) == (SOKALSKA, user["name"], admin["name"])
        assert officers() == [(SOKALSKA, user["name"])]
        assert officers(SOKALSKA) == [(SOKALSKA, user["name"])]
        assert officers(SHEPTYTSKA) == []
        assert access.officer_hromadas(user["name"]) == {SOKALSKA}
        removed = act("chervonohrad_hromada_officer_remove", admin, hromada=SOKALSKA, user=user["name"])
        assert removed == {"hromada": SOKALSKA, "user": user["name"], "removed": True}
        assert officers() == []

    def test_user_by_id_too(self, admin, user):
        assert act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["id"])["user"] == user["name"]

    def test_adding_twice_is_harmless(self, admin, user):
        first = act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["name"])
        again = act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["name"])
        assert again["named_at"] == first["named_at"]
        assert officers() == [(SOKALSKA, user["name"])]

    def test_one_user_in_two_hromadas(self, admin, user):
        for code in (SOKALSKA, SHEPTYTSKA):
            act("chervonohrad_hromada_officer_add", admin, hromada=code, user=user["name"])
        assert access.officer_hromadas(user["name"]) == {SOKALSKA, SHEPTYTSKA}

    @pytest.mark.parametrize("hromada", [UNKNOWN, "UA4612", ""])
    def test_unknown_hromada_is_a_validation_error_on_hromada(self, admin, user, hromada):
        for action in ("chervonohrad_hromada_officer_add", "chervonohrad_hromada_officer_remove"):
            with pytest.raises(tk.ValidationError) as raised:
                act(action, admin, hromada=hromada, user=user["name"])
            assert "hromada" in raised.value.error_dict

    def test_unknown_user_is_a_validation_error_on_user(self, admin):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user="nobody-at-all")
        assert "nobody-at-all" in " ".join(raised.value.error_dict["user"])

    def test_a_deleted_user_cannot_be_named(self, admin, user):
        call_action("user_delete", context={"user": admin["name"]}, id=user["id"])
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["name"])
        assert "user" in raised.value.error_dict

    def test_removing_a_non_officer_is_not_found(self, admin, user):
        act("chervonohrad_hromada_officer_add", admin, hromada=SOKALSKA, user=user["name"])
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_hromada_officer_remove", admin, hromada=SHEPTYTSKA, user=user["name"])
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_hromada_officer_remove", admin, hromada=SOKALSKA, user="nobody-at-all")
        assert officers() == [(SOKALSKA, user["name"])]

    def test_a_regional_admin_by_configuration_names_officers(self, user):
        coordinator = factories.User(name="oblast-coordinator")  # test.ini names this user
        act("chervonohrad_hromada_officer_add", coordinator, hromada=SOKALSKA, user=user["name"])
        assert officers() == [(SOKALSKA, user["name"])]


def assignments(*rows: tuple[str, str]) -> list[dict[str, str]]:
    return [{"organization": org, "hromada": code} for org, code in rows]


def hromadas_of(*names: str) -> list[str | None]:
    return [access.hromada_of(name) for name in names]


@pytest.fixture
def english(app):
    """The room's messages in English (the msgids), whatever the catalogues hold."""
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "en"}):
        yield


@pytest.mark.usefixtures("english")
class TestAssign:
    @pytest.fixture
    def three(self):
        """Three publishers of Sheptytska hromada, found by name, id and EDRPOU below."""
        return (publisher_in(SHEPTYTSKA, "kultura", edrpou=edrpou("4410667")),
                publisher_in(SHEPTYTSKA, "osvita", edrpou=edrpou("4410668")),
                publisher_in(SHEPTYTSKA, "sport", edrpou=edrpou("4410669")))

    def test_by_name_id_and_edrpou(self, admin, three):
        kultura, osvita, sport = three
        result = act("chervonohrad_hromada_assign", admin, assignments=assignments(
            ("kultura", SOKALSKA), (osvita["id"], SOKALSKA), (sport["edrpou"], SHEPTYTSKA)))
        assert result == {"assigned": 3, "changed": 2}
        assert hromadas_of("kultura", "osvita", "sport") == [SOKALSKA, SOKALSKA, SHEPTYTSKA]
        assert call_action("organization_show", id="kultura")["hromada"] == SOKALSKA

    def test_one_bad_row_writes_nothing_and_names_the_row(self, admin, three):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_hromada_assign", admin, assignments=assignments(
                ("kultura", SOKALSKA), ("osvita", UNKNOWN), ("sport", SOKALSKA)))
        problems = raised.value.error_dict["assignments"]
        assert len(problems) == 1 and problems[0].startswith("Row 2, hromada:")
        assert UNKNOWN in problems[0]
        assert hromadas_of("kultura", "osvita", "sport") == [SHEPTYTSKA] * 3

    def test_an_unknown_publisher_is_named(self, admin, three):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_hromada_assign", admin, assignments=assignments(
                ("kultura", SOKALSKA), ("no-such-publisher", SOKALSKA)))
        assert "no-such-publisher" in " ".join(raised.value.error_dict["assignments"])
        assert hromadas_of("kultura") == [SHEPTYTSKA]

    def test_nothing_to_assign(self, admin):
        for empty in ([], None, "kultura"):
            with pytest.raises(tk.ValidationError) as raised:
                act("chervonohrad_hromada_assign", admin, assignments=empty)
            assert "assignments" in raised.value.error_dict

    def test_non_admins_may_not(self, three, user):
        for who in (user, None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_hromada_assign", who, assignments=assignments(("kultura", SOKALSKA)))
        assert hromadas_of("kultura") == [SHEPTYTSKA]


class TestOrganizationSchema:
    def test_hromada_is_required(self, admin):
        with pytest.raises(tk.ValidationError) as raised:
            call_action("organization_create", context={"user": admin["name"]}, name="no-hromada",
                        edrpou="14360570", publisher_type="executive_body")
        assert "hromada" in raised.value.error_dict
        assert model.Group.get("no-hromada") is None

    def test_an_unknown_hromada_is_refused(self, admin):
        with pytest.raises(tk.ValidationError) as raised:
            Publisher(name="nowhere", hromada=UNKNOWN)
        assert UNKNOWN in " ".join(raised.value.error_dict["hromada"])

    def test_a_known_hromada_is_stored(self):
        assert Publisher(name="sokal-rada", hromada=SOKALSKA.lower())["hromada"] == SOKALSKA

    def test_registration_refuses_an_unknown_hromada(self):
        applicant = factories.User()
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", applicant, **application_data(hromada=UNKNOWN))
        assert UNKNOWN in " ".join(raised.value.error_dict["hromada"])
