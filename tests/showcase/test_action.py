"""Use cases through the API: who proposes, sees, changes and approves one; what a proposal
may not set; how they stay out of the datasets' search and lists."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.quality.model import DatasetScore
from tests.hromada.officers import act
from tests.showcase.conftest import propose


def found(user, **params) -> list[str]:
    params.setdefault("fq", "+dataset_type:showcase")
    return [p["name"] for p in act("package_search", user, include_private=True, **params)["results"]]


def decide(world, user, decision="approve", name="bot-rozklad"):
    return act("chervonohrad_showcase_decide", user, id=name, decision=decision)


class TestProposing:
    def test_anyone_logged_in_proposes_and_it_waits(self, world):
        made = propose(world)
        assert made["showcase_status"] == "proposed" and made.get("owner_org") is None and not made["private"]
        assert made["showcase_datasets"] == [world.stops["id"], world.routes["id"]]
        assert made["creator_user_id"] == world.citizen["id"]

    def test_a_visitor_may_not_propose(self, world):
        with pytest.raises(tk.NotAuthorized):
            act("package_create", None, **{"type": "showcase", "name": "x", "title": "x"})

    def test_a_proposal_may_not_approve_itself_nor_join_a_publisher(self, world):
        made = propose(world, showcase_status="approved", owner_org=world.transport["id"], private=True)
        assert made["showcase_status"] == "proposed" and made.get("owner_org") is None and not made["private"]
        updated = act("package_patch", world.citizen, id=made["id"], showcase_status="approved")
        assert updated["showcase_status"] == "proposed"

    def test_no_score_and_no_publisher_counts_it(self, world):
        made = propose(world)
        decide(world, world.coordinator)
        assert model.Session.get(DatasetScore, made["id"]) is None
        rating = call_action("chervonohrad_performance_publisher_rating")
        assert sum(p["datasets"] for p in rating["publishers"]) == 3  # stops, routes, schools: public datasets


class TestBadInput:
    @pytest.mark.parametrize("field, value, message", [
        ("showcase_datasets", "", "name at least one dataset"),
        ("showcase_datasets", "nepublichnyi", "«nepublichnyi» is not a published dataset"),
        ("showcase_datasets", "nemaie-takoho", "«nemaie-takoho» is not a published dataset"),
        ("url", "javascript:alert(1)", "must be a web address"),
        ("image_url", "data:image/png;base64,AAAA", "must be a web address"),
        ("showcase_kind", "casino", "Unknown value"),
        ("notes", "", "Missing value"),
    ])
    def test_refused_naming_the_field(self, world, field, value, message):
        with pytest.raises(tk.ValidationError) as refused:
            propose(world, **{field: value})
        assert field in refused.value.error_dict
        assert message in " ".join(refused.value.error_dict[field])
        assert model.Package.get("bot-rozklad") is None

    def test_a_private_dataset_reads_as_a_missing_one(self, world):
        messages = []
        for name in ("nepublichnyi", "nemaie-takoho"):
            with pytest.raises(tk.ValidationError) as refused:
                propose(world, showcase_datasets=name)
            messages.append(refused.value.error_dict["showcase_datasets"][0].replace(name, "…"))
        assert messages[0] == messages[1]


class TestWhoSees:
    def test_a_proposal_is_seen_by_its_author_and_those_who_decide(self, world):
        propose(world)
        for user in (world.citizen, world.coordinator, world.officer, world.transport_admin):
            assert act("package_show", user, id="bot-rozklad")["name"] == "bot-rozklad"
            assert found(user) == ["bot-rozklad"], user["name"]
        for user in (None, world.neighbour, world.transport_editor, world.other_admin, world.other_officer):
            with pytest.raises(tk.NotAuthorized):
                act("package_show", user, id="bot-rozklad")
            assert found(user) == [], user and user["name"]

    def test_approved_it_is_public(self, world):
        propose(world)
        decide(world, world.transport_admin)
        assert act("package_show", None, id="bot-rozklad")["showcase_status"] == "approved"
        assert found(None) == ["bot-rozklad"]

    def test_declined_only_its_author_and_deciders_see_it(self, world):
        propose(world)
        decide(world, world.officer, "decline")
        assert found(world.citizen) == ["bot-rozklad"] and found(None) == []

    def test_a_legacy_record_without_status_is_no_public_one(self, world):
        made = propose(world)
        package = model.Package.get(made["id"])
        stored = dict(extras.of(package))
        stored.pop("showcase_status")
        if extras.IN_COLUMNS:
            package.extras = stored
        else:
            package.extras.pop("showcase_status")
        model.Session.commit()
        with pytest.raises(tk.NotAuthorized):
            act("package_show", None, id=made["id"])


class TestDeciding:
    @pytest.mark.parametrize("who", ["coordinator", "officer", "transport_admin"])
    def test_deciders(self, world, who):
        propose(world)
        assert decide(world, getattr(world, who))["showcase_status"] == "approved"

    @pytest.mark.parametrize("who", ["citizen", "neighbour", "transport_editor", "other_admin", "other_officer"])
    def test_others_may_not(self, world, who):
        propose(world)
        with pytest.raises(tk.NotAuthorized):
            decide(world, getattr(world, who))
        assert call_action("package_show", id="bot-rozklad")["showcase_status"] == "proposed"

    def test_a_visitor_may_not(self, world):
        propose(world)
        with pytest.raises(tk.NotAuthorized):
            decide(world, None)

    def test_an_unknown_decision_or_use_case(self, world):
        propose(world)
        with pytest.raises(tk.ValidationError) as refused:
            decide(world, world.coordinator, "publish")
        assert "decision" in refused.value.error_dict
        with pytest.raises(tk.ObjectNotFound):
            decide(world, world.coordinator, name="nemaie")
        with pytest.raises(tk.ObjectNotFound):
            decide(world, world.coordinator, name="zupynky")  # a dataset is no use case


class TestChanging:
    def test_the_author_changes_a_proposal_not_an_approved_one(self, world):
        propose(world)
        assert act("package_patch", world.citizen, id="bot-rozklad", title="Бот")["title"] == "Бот"
        decide(world, world.coordinator)
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", world.citizen, id="bot-rozklad", title="Реклама казино")
        with pytest.raises(tk.NotAuthorized):
            act("package_delete", world.citizen, id="bot-rozklad")
        assert act("package_patch", world.transport_admin, id="bot-rozklad", title="Бот «Автобус»")["title"] \
            == "Бот «Автобус»"

    @pytest.mark.parametrize("who", ["neighbour", "transport_editor", "other_admin"])
    def test_nobody_else_changes_or_deletes_it(self, world, who):
        propose(world)
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", getattr(world, who), id="bot-rozklad", title="Інше")
        with pytest.raises(tk.NotAuthorized):
            act("package_delete", getattr(world, who), id="bot-rozklad")

    def test_a_dataset_made_private_later_does_not_block_an_edit(self, world):
        propose(world)
        decide(world, world.coordinator)
        call_action("package_patch", context={"user": world.sysadmin["name"]}, id="marshruty", private=True)
        edited = act("package_patch", world.coordinator, id="bot-rozklad", title="Бот")
        assert world.routes["id"] in edited["showcase_datasets"]


class TestKeptApart:
    def test_package_search_and_list_hold_datasets_only(self, world):
        propose(world)
        decide(world, world.coordinator)
        everything = [p["name"] for p in call_action("package_search", rows=100)["results"]]
        assert "bot-rozklad" not in everything and "zupynky" in everything
        assert "bot-rozklad" not in call_action("package_list")
        assert "zupynky" in call_action("package_list")

    def test_of_dataset_lists_the_approved_ones(self, world):
        propose(world)
        assert act("chervonohrad_showcase_of_dataset", None, id="zupynky") == []
        decide(world, world.coordinator)
        listed = act("chervonohrad_showcase_of_dataset", None, id="zupynky")
        assert [s["name"] for s in listed] == ["bot-rozklad"] and listed[0]["showcase_kind"] == "chat_bot"
        assert act("chervonohrad_showcase_of_dataset", None, id="shkoly") == []

    def test_of_a_private_dataset_only_for_its_readers(self, world):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_showcase_of_dataset", None, id="nepublichnyi")
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_showcase_of_dataset", None, id="nemaie")
