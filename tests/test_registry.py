"""The registry (common/registry.py): every room's actions carry its name, an old name keeps
answering as an alias of the new one (same result, same authorization), and a name is
registered once."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.chervonohrad import collect
from ckanext.chervonohrad.common import registry
from tests.feedback.test_suggestions import suggestion_data
from tests.registration.test_action import application_data
from tests.test_rooms import FLOW

# The names 0.2 gave up, each with the name that answers for it now (README lists them).
RENAMED = {
    "chervonohrad_835_list": "chervonohrad_passport_835_list",
    "chervonohrad_publisher_application_show": "chervonohrad_registration_application_show",
    "chervonohrad_publisher_application_create": "chervonohrad_registration_application_create",
    "chervonohrad_suggestion_list": "chervonohrad_feedback_suggestion_list",
    "chervonohrad_suggestion_vote": "chervonohrad_feedback_suggestion_vote",
    "chervonohrad_quality_publisher_rating": "chervonohrad_performance_publisher_rating",
}
collect.actions()  # imports every room's modules, which fills the registry's tables

ROOMS = FLOW  # the rooms, in the order tests/test_rooms.py checks


def _call(action: str, user: str | None = None, **data):
    return tk.get_action(action)({"user": user, "ignore_auth": False}, data)


def _room_of(fn) -> str:
    return fn.__module__.split(".")[2]


# ---- the tables ---------------------------------------------------------------------

@pytest.mark.parametrize("old, new", sorted(RENAMED.items()))
def test_an_old_name_is_an_alias_of_the_new_one(old, new):
    assert registry.ALIASES[old] == new
    assert collect.actions()[old] is collect.actions()[new]


@pytest.mark.parametrize("old", sorted(registry.ALIASES))
def test_an_alias_is_authorized_by_the_same_function(old):
    new = registry.ALIASES[old]
    assert collect.auth_functions()[old] is collect.auth_functions()[new]
    if new in collect.actions():  # some auth functions guard a page, not an action
        assert collect.actions()[old] is collect.actions()[new]


def test_every_action_carries_its_rooms_name():
    """`chervonohrad_<room>_…`, the room being the one that defines it; besides the aliases,
    only core actions the portal chains onto keep CKAN's names."""
    wrong = {}
    for name, fn in collect.actions().items():
        if name in registry.ALIASES:
            continue
        if getattr(fn, "chained_action", False):
            assert not name.startswith("chervonohrad_"), name
            continue
        room = _room_of(fn)
        if room not in ROOMS or not name.startswith(f"chervonohrad_{room}_"):
            wrong[name] = fn.__module__
    assert not wrong


@pytest.fixture
def scratch_registry():
    """The tables as they are, restored after a test that registers into them."""
    tables = (registry.ACTIONS, registry.AUTH_FUNCTIONS, registry.VALIDATORS, registry.HELPERS, registry.ALIASES)
    saved = [dict(table) for table in tables]
    yield
    for table, before in zip(tables, saved, strict=True):
        table.clear()
        table.update(before)


@pytest.mark.usefixtures("scratch_registry")
class TestANameIsRegisteredOnce:
    def test_a_second_function_under_a_name_is_refused(self):
        def chervonohrad_passport_show(context, data_dict):
            return {}

        with pytest.raises(ValueError, match="chervonohrad_passport_show is registered twice"):
            registry.action(chervonohrad_passport_show)

    def test_an_alias_that_is_another_actions_name_is_refused(self):
        def chervonohrad_passport_list(context, data_dict):
            return {}

        with pytest.raises(ValueError, match="chervonohrad_835_list is registered twice"):
            registry.auth(aliases=("chervonohrad_835_list",))(chervonohrad_passport_list)

    def test_validators_and_helpers_too(self):
        def chervonohrad_strip(key, data, errors, context):
            pass

        def chervonohrad_localized(value):
            return value

        with pytest.raises(ValueError, match="chervonohrad_strip is registered twice"):
            registry.validator(chervonohrad_strip)
        with pytest.raises(ValueError, match="chervonohrad_localized is registered twice"):
            registry.helper(chervonohrad_localized)

    def test_the_same_function_again_is_harmless(self):
        show = collect.actions()["chervonohrad_passport_show"]
        assert registry.action(show) is show

    def test_one_rule_for_several_names(self):
        @registry.auth(names=("chervonohrad_scratch_a", "chervonohrad_scratch_b"))
        def _rule(context, data_dict):
            return registry.verdict(context.get("user") == "yes", "no")

        assert registry.AUTH_FUNCTIONS["chervonohrad_scratch_a"] is registry.AUTH_FUNCTIONS["chervonohrad_scratch_b"]
        assert "_rule" not in registry.AUTH_FUNCTIONS
        assert _rule({"user": "yes"}, {}) == {"success": True}
        assert _rule({"user": "x"}, {}) == {"success": False, "msg": "no"}

    def test_several_names_take_no_aliases(self):
        with pytest.raises(TypeError, match="one name at a time"):
            registry.auth(names=("chervonohrad_scratch_a", "chervonohrad_scratch_b"),
                          aliases=("chervonohrad_old",))(lambda context, data_dict: {})

    def test_a_public_auth_function_lets_visitors_in_under_its_name_and_aliases(self):
        registry.public_auth("chervonohrad_scratch_public", aliases=("chervonohrad_scratch_old",))
        fn = registry.AUTH_FUNCTIONS["chervonohrad_scratch_public"]
        assert registry.AUTH_FUNCTIONS["chervonohrad_scratch_old"] is fn
        assert registry.ALIASES["chervonohrad_scratch_old"] == "chervonohrad_scratch_public"
        assert fn.__name__ == "chervonohrad_scratch_public"
        assert getattr(fn, "auth_allow_anonymous_access", False) is True
        assert fn({"user": None}, {}) == {"success": True}


PUBLIC = ("chervonohrad_reports_audit", "chervonohrad_reports_register", "chervonohrad_reports_dashboard",
          "chervonohrad_hromada_list", "chervonohrad_passport_835_list", "chervonohrad_feedback_create",
          "chervonohrad_feedback_list", "chervonohrad_feedback_suggestion_list",
          "chervonohrad_performance_publisher_rating", "chervonohrad_performance_oblast_overview")


@pytest.mark.parametrize("name", PUBLIC)
def test_public_actions_let_a_visitor_in(name):
    assert tk.check_access(name, {"user": None}, {}) is True


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("name", ["chervonohrad_hromada_officer_add", "chervonohrad_hromada_assign",
                                  "chervonohrad_feedback_suggestion_update_status",
                                  "chervonohrad_feedback_suggestion_delete"])
def test_a_shared_rule_still_refuses_with_its_reason(name):
    user = factories.User()["name"]
    with pytest.raises(tk.NotAuthorized, match="Only"):
        tk.check_access(name, {"user": user}, {"id": "no-such-item"})


# ---- through the API ----------------------------------------------------------------

@pytest.mark.usefixtures("clean_db")
def test_the_835_list_answers_by_its_old_name(app):
    new = _call("chervonohrad_passport_835_list", section="local_self_government")
    assert _call("chervonohrad_835_list", section="local_self_government") == new
    body = app.get("/api/3/action/chervonohrad_835_list?section=local_self_government").json
    assert body["success"] and body["result"] == new


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_publisher_application_answers_by_its_old_names(smtp_inbox):
    factories.Sysadmin(email="admin@oblast.example")
    applicant = factories.User(email="applicant@sheptytskyi.example")["name"]
    created = _call("chervonohrad_publisher_application_create", applicant, **application_data())
    assert created["state"] == "submitted" and created["applicant"] == applicant
    new = _call("chervonohrad_registration_application_show", applicant, id=created["id"])
    assert _call("chervonohrad_publisher_application_show", applicant, id=created["id"]) == new == created
    stranger = factories.User()["name"]
    for name in ("chervonohrad_publisher_application_show", "chervonohrad_registration_application_show"):
        with pytest.raises(tk.NotAuthorized):
            _call(name, stranger, id=created["id"])


@pytest.mark.usefixtures("clean_db", "clean_redis")
def test_suggestions_answer_by_their_old_names(smtp_inbox):
    factories.Sysadmin(email="admin@oblast.example")
    voter = factories.User()["name"]
    suggestion = _call("chervonohrad_feedback_suggestion_create", None, **suggestion_data())
    assert _call("chervonohrad_suggestion_vote", voter, id=suggestion["id"])["votes"] == 1
    with pytest.raises(tk.NotAuthorized):
        _call("chervonohrad_suggestion_vote", None, id=suggestion["id"])
    new = _call("chervonohrad_feedback_suggestion_list", voter)
    assert _call("chervonohrad_suggestion_list", voter) == new
    assert [(s["id"], s["votes"], s["voted"]) for s in new["results"]] == [(suggestion["id"], 1, True)]
