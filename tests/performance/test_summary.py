"""Publishers' stored figures (performance.summary) follow every change of their datasets and
scores, through every path that changes them, and two writers of one publisher lose
neither's change; what bypasses the ORM is found by the CLI's check and rebuilt."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.performance import rating, summary
from ckanext.chervonohrad.performance.model import PublisherSummary
from ckanext.chervonohrad.quality.model import DatasetScore
from tests.factories import PassportDataset, Publisher


def stored(org_id: str) -> PublisherSummary | None:
    model.Session.expire_all()
    return model.Session.get(PublisherSummary, org_id)


def act(action: str, **data):
    """An action as a regional administrator (activities need a real user)."""
    return call_action(action, {"user": factories.Sysadmin()["name"]}, **data)


def set_score(session, package_id: str, score: float) -> None:
    session.get(DatasetScore, package_id).score = score


@pytest.fixture(scope="module")
def _finance(restore_point):
    return restore_point(_make_finance)


@pytest.fixture
def finance(_finance):
    return _finance.restore()


def _make_finance():
    org = Publisher(name="finance")
    budget = PassportDataset(owner_org=org["id"], list835_item="lsg-budget")
    stops = PassportDataset(owner_org=org["id"], list835_item="lsg-public-transport-stops")
    return {"org": org, "budget": budget, "stops": stops}


class TestKeptInStep:
    def test_creating_a_dataset_fills_its_publishers_row(self, finance):
        row = stored(finance["org"]["id"])
        assert (row.datasets, row.scored) == (2, 2)
        assert sorted(row.items) == sorted(row.items_any) == ["lsg-budget", "lsg-public-transport-stops"]
        assert summary.drift() == []

    def test_making_a_dataset_private_deleting_and_purging_it(self, finance):
        org_id = finance["org"]["id"]
        act("package_patch", id=finance["stops"]["id"], private=True)
        row = stored(org_id)
        # Private: no longer published, but the item is still worked on (the audit's "incomplete").
        assert (row.datasets, row.items, row.items_any) == (1, ["lsg-budget"], ["lsg-budget",
                                                                                "lsg-public-transport-stops"])
        act("package_delete", id=finance["budget"]["id"])
        assert (stored(org_id).datasets, stored(org_id).items_any) == (0, ["lsg-public-transport-stops"])
        act("dataset_purge", id=finance["stops"]["id"])
        assert stored(org_id).items_any == []
        assert summary.drift() == []

    def test_moving_a_dataset_to_another_publisher_changes_both_rows(self, finance):
        water = Publisher(name="water", publisher_type="communal_enterprise")
        act("package_patch", id=finance["budget"]["id"], owner_org=water["id"])
        assert (stored(finance["org"]["id"]).datasets, stored(water["id"]).datasets) == (1, 1)
        assert stored(water["id"]).items == ["lsg-budget"]
        assert summary.drift() == []

    def test_bulk_actions_that_update_packages_in_one_statement(self, finance):
        org_id = finance["org"]["id"]
        act("bulk_update_private", org_id=org_id, datasets=[finance["budget"]["id"], finance["stops"]["id"]])
        assert (stored(org_id).datasets, stored(org_id).items) == (0, [])
        act("bulk_update_public", org_id=org_id, datasets=[finance["budget"]["id"]])
        assert stored(org_id).datasets == 1
        assert summary.drift() == []

    def test_a_score_stored_through_the_session_counts_at_commit(self, finance):
        set_score(model.Session, finance["budget"]["id"], 10)
        set_score(model.Session, finance["stops"]["id"], 20)
        model.Session.commit()
        assert stored(finance["org"]["id"]).score_sum == 30
        assert summary.drift() == []

    def test_a_transaction_reads_its_own_uncommitted_changes(self, finance):
        set_score(model.Session, finance["budget"]["id"], 10)
        set_score(model.Session, finance["stops"]["id"], 20)
        [figures] = rating.publisher_figures(finance["org"]["id"])
        assert figures["avg_score"] == 15.0
        model.Session.rollback()
        [figures] = rating.publisher_figures(finance["org"]["id"])
        assert figures["avg_score"] != 15.0  # rolled back with the scores
        assert summary.drift() == []

    def test_a_rolled_back_change_leaves_nothing_to_recompute(self, finance):
        set_score(model.Session, finance["budget"]["id"], 10)
        model.Session.flush()
        assert model.Session.info.get("chervonohrad_summary_pending") == {finance["org"]["id"]}
        model.Session.rollback()
        assert "chervonohrad_summary_pending" not in model.Session.info


class TestTwoWriters:
    def test_neither_loses_the_others_change(self, finance):
        """A has recomputed the row (so holds its lock) but not committed; B changes another
        dataset of the publisher and commits: B's recomputation must wait for A and see A's
        score. (Aggregating before taking the lock, B would store a total without A's.)"""
        org_id = finance["org"]["id"]
        first = model.meta.create_local_session(bind=model.meta.engine)
        set_score(first, finance["budget"]["id"], 10)
        summary.refresh_pending(first)
        outcome: dict[str, object] = {}

        def second_writer():
            session = model.meta.create_local_session(bind=model.meta.engine)
            try:
                set_score(session, finance["stops"]["id"], 20)
                session.commit()
                outcome["ok"] = True
            except Exception as error:  # reported below, in the test's thread
                outcome["error"] = error
            finally:
                session.close()

        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the second writer should wait for the first one's lock"
        first.commit()
        first.close()
        thread.join(timeout=30)
        assert outcome == {"ok": True}
        assert stored(org_id).score_sum == 30
        assert summary.drift() == []


class TestRawSqlAndTheCli:
    def test_check_names_the_publisher_and_the_rebuild_repairs_it(self, finance, cli):
        org_id = finance["org"]["id"]
        model.Session.execute(text("UPDATE package SET private = true WHERE id = :id"), {"id": finance["budget"]["id"]})
        model.Session.commit()
        checked = cli.invoke(ckan, ["chervonohrad", "quality", "summary", "--check"])
        assert checked.exit_code == 1 and org_id in checked.output
        rebuilt = cli.invoke(ckan, ["chervonohrad", "quality", "summary"])
        assert rebuilt.exit_code == 0, rebuilt.output
        assert stored(org_id).datasets == 1
        assert cli.invoke(ckan, ["chervonohrad", "quality", "summary", "--check"]).exit_code == 0
