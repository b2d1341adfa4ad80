"""Personal data expire: `ckan chervonohrad privacy retain` (daily, from cron) anonymises the
sender's or applicant's data N months (personal_data_retention_months, 12 by default) after
the item closed, deletes the documents of rejected and withdrawn applications, and clears
failed jobs older than N months — while the publisher rating stays exactly as it was."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from rq.job import Job
from rq.registry import FailedJobRegistry

from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.feedback.responsiveness import median_first_response_hours
from ckanext.chervonohrad.privacy import retention
from ckanext.chervonohrad.privacy.rules import ANONYMISED
from tests import suite_ini
from tests.feedback.conftest import People
from tests.security import privacy_data as data


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people):
    return _people.restore()


@pytest.fixture
def applicant(people):
    return factories.User(email="applicant@sheptytskyi.example")


def still_personal(item: Feedback) -> bool:
    return item.name == "Іван Петренко" and item.email == "ivan.petrenko@example.com"


class TestFeedback:
    def test_closed_13_months_ago_is_anonymised_11_months_ago_and_open_are_kept(self, people):
        old = data.feedback(people.dataset, closed_months_ago=13, answer="Дякуємо, Іван Петренко, оновимо.",
                            user_id=people.citizen["id"])
        recent = data.feedback(people.dataset, closed_months_ago=11)
        open_for_years = data.feedback(people.dataset, created_months_ago=36)
        reopened = data.feedback(people.dataset, closed_months_ago=13, status="in_progress")

        counts = retention.run()

        assert counts["feedback"] == 1
        old = data.reload(old)
        assert (old.name, old.email, old.user_id) == (ANONYMISED, None, None)
        assert old.message == "Дані за жовтень досі не оновлено."  # the substance stays
        assert [e.text for e in old.events if e.kind == "answer"] == [f"Дякуємо, {ANONYMISED}, оновимо."]
        assert old.status == "resolved" and old.first_response_at is not None
        for kept in (recent, open_for_years, reopened):
            assert still_personal(data.reload(kept))

    @pytest.mark.parametrize("status", ["answered", "resolved", "rejected"])
    def test_every_closed_status_counts(self, people, status):
        item = data.feedback(people.dataset, closed_months_ago=13, status=status)
        retention.run()
        assert data.reload(item).email is None

    def test_legacy_items_without_history_use_their_latest_timestamp(self, people):
        legacy_old = data.feedback(people.dataset, closed_months_ago=13, legacy=True)
        legacy_recent = data.feedback(people.dataset, closed_months_ago=11, legacy=True)
        retention.run()
        assert data.reload(legacy_old).name == ANONYMISED
        assert still_personal(data.reload(legacy_recent))

    def test_the_configured_months_apply(self, people, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.personal_data_retention_months", 24)
        item = data.feedback(people.dataset, closed_months_ago=13)
        assert retention.run()["months"] == 24
        assert still_personal(data.reload(item))

    def test_anonymising_keeps_modified_and_a_second_run_finds_nothing(self, people):
        item = data.feedback(people.dataset, closed_months_ago=13)
        modified = item.modified
        assert retention.run()["feedback"] == 1
        assert data.reload(item).modified == modified
        assert retention.run()["feedback"] == 0


class TestSuggestions:
    def test_decided_13_months_ago_anonymised_others_kept(self, people):
        declined = data.suggestion(closed_months_ago=13, user_id=people.citizen["id"])
        published = data.suggestion(closed_months_ago=14, status="published")
        recent = data.suggestion(closed_months_ago=11)
        planned = data.suggestion(closed_months_ago=30, status="planned")  # still open to votes
        legacy = data.suggestion(closed_months_ago=13, legacy=True)  # decided before decided_at was kept

        assert retention.run()["suggestions"] == 3
        for row in (declined, published, legacy):
            row = data.reload(row)
            assert (row.name, row.email, row.user_id) == (ANONYMISED, None, None)
            assert row.title == "Розклад руху автобусів"
        for row in (recent, planned):
            assert data.reload(row).email == "olena@example.com"


class TestApplications:
    def test_decided_13_months_ago_anonymised_with_its_document(self, applicant):
        old = data.application(applicant, closed_months_ago=13, comment="Контакт: kultura@sheptytskyi.example")
        document = old.document_url
        retention.run()
        old = data.reload(old)
        assert (old.person_name, old.person_position, old.person_email, old.person_phone) == (ANONYMISED,) * 4
        assert old.publisher_emails == [] and old.document_url is None
        assert old.comment == f"Контакт: {ANONYMISED}"
        assert old.title == "Відділ культури" and old.edrpou == "44106679"  # the public body stays
        assert not data.stored(document)

    def test_rejected_and_withdrawn_documents_are_purged_at_once(self, applicant):
        rejected = data.application(applicant, state="rejected", closed_months_ago=0.05)
        withdrawn = data.application(applicant, state="withdrawn", closed_months_ago=0.05, edrpou="14360570")
        documents = [rejected.document_url, withdrawn.document_url]

        counts = retention.run()

        assert counts["documents"] == 2 and counts["applications"] == 0
        for row, document in zip((rejected, withdrawn), documents, strict=True):
            row = data.reload(row)
            assert row.document_url is None and not data.stored(document)
            assert row.person_email == "kultura@sheptytskyi.example"  # the person's data wait for N months

    def test_open_and_recently_approved_applications_are_kept(self, applicant):
        submitted = data.application(applicant, state="submitted", edrpou="14360570")
        approved = data.application(applicant, closed_months_ago=11)
        legacy_recent = data.application(applicant, closed_months_ago=11, legacy=True)
        legacy_old = data.application(applicant, closed_months_ago=13, legacy=True)
        retention.run()
        for row in (submitted, approved, legacy_recent):
            row = data.reload(row)
            assert row.person_name == "Мельник Олена Петрівна" and data.stored(row.document_url)
        assert data.reload(legacy_old).person_name == ANONYMISED

    def test_legacy_list_of_publishers_as_json_null(self, applicant):
        row = data.application(applicant, closed_months_ago=13, with_document=False)
        model.Session.execute(model.meta.metadata.tables["chervonohrad_publisher_application"].update().values(
            publisher_emails=None, person_name=ANONYMISED))
        model.Session.commit()
        assert retention.run()["applications"] == 0  # nothing left to anonymise, and no SQL error
        assert data.reload(row).person_name == ANONYMISED

    def test_unsubmitted_uploads_older_than_a_day_are_deleted(self, applicant):
        kept = data.application(applicant, state="submitted", edrpou="14360570").document_url
        orphan = data.document(age=dt.timedelta(days=2))
        in_progress = data.document(age=dt.timedelta(minutes=5))
        assert retention.run()["orphan_documents"] == 1
        assert not data.stored(orphan)
        assert data.stored(in_progress) and data.stored(kept)


class TestFailedJobs:
    def _failed_email(self, ended: dt.datetime) -> Job:
        queue = ckan_jobs.get_queue()
        job = Job.create(mail.deliver, args=["Іван", "ivan.petrenko@example.com", "Тема", "Текст"],
                         connection=queue.connection, origin=queue.name)
        job.ended_at = ended
        job.save()
        FailedJobRegistry(queue=queue).add(job, ttl=10 ** 8)
        queue.connection.sadd("rq:queues", queue.key)  # a queue RQ lists
        return job

    def test_failed_jobs_older_than_the_window_are_deleted(self, people):
        old = self._failed_email(data.months_ago(13))
        recent = self._failed_email(data.months_ago(1))
        assert retention.run()["failed_jobs"] == 1
        ids = FailedJobRegistry(queue=ckan_jobs.get_queue()).get_job_ids()
        assert old.id not in ids and recent.id in ids
        assert not Job.exists(old.id, connection=ckan_jobs.get_queue().connection)


class TestDryRun:
    def test_dry_run_counts_and_changes_nothing(self, people, applicant):
        item = data.feedback(people.dataset, closed_months_ago=13)
        suggestion = data.suggestion(closed_months_ago=13)
        rejected = data.application(applicant, state="rejected", closed_months_ago=13)
        orphan = data.document(age=dt.timedelta(days=2))
        job = TestFailedJobs()._failed_email(data.months_ago(13))

        now = dt.datetime.utcnow()  # both runs as of one moment: `before` is shown to the second
        counts = retention.run(now=now, dry_run=True)

        assert {k: counts[k] for k in ("feedback", "suggestions", "applications", "documents", "orphan_documents",
                                       "failed_jobs")} == {"feedback": 1, "suggestions": 1, "applications": 1,
                                                           "documents": 1, "orphan_documents": 1, "failed_jobs": 1}
        assert still_personal(data.reload(item))
        assert data.reload(suggestion).email == "olena@example.com"
        rejected = data.reload(rejected)
        assert rejected.person_email == "kultura@sheptytskyi.example" and data.stored(rejected.document_url)
        assert data.stored(orphan)
        assert job.id in FailedJobRegistry(queue=ckan_jobs.get_queue()).get_job_ids()
        # … and the real run does what the dry run counted.
        assert {k: v for k, v in retention.run(now=now).items() if k != "dry_run"} == {
            k: v for k, v in counts.items() if k != "dry_run"}

    def test_the_cron_command(self, people):
        item = data.feedback(people.dataset, closed_months_ago=13)
        ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
        command = [ckan, "-c", suite_ini(), "chervonohrad", "privacy", "retain"]
        dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, timeout=120)
        assert dry.returncode == 0, dry.stderr
        assert "Would anonymise" in dry.stdout and "feedback 1" in dry.stdout
        assert still_personal(data.reload(item))
        real = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert real.returncode == 0, real.stderr
        assert "feedback 1" in real.stdout
        assert data.reload(item).email is None


def test_the_rating_is_the_same_after_retention(people):
    for months, hours in ((13, 2), (14, 30), (11, 7), (25, 4)):
        item = data.feedback(people.dataset, closed_months_ago=months, created_months_ago=months + 1)
        item.first_response_at = item.created + dt.timedelta(hours=hours)
        model.Session.commit()
    data.feedback(people.other_dataset, closed_months_ago=20, status="rejected")

    def figures():
        rating = call_action("chervonohrad_performance_publisher_rating", context={"ignore_auth": True})
        return rating["publishers"], rating["council"], median_first_response_hours(None)

    before = figures()
    assert before[2][people.org["id"]] == pytest.approx(5.5)
    assert retention.run()["feedback"] == 4
    assert figures() == before
    assert model.Session.query(Feedback).count() == 5
