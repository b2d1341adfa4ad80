"""The document of a publisher application: written only once the application is valid,
referenced only by the server (a `document_url` from a form or an API call is never
trusted), and a registration request larger than the document's limit is refused (413)
before it is read."""
from __future__ import annotations

import io
import os

import pytest
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.registration import documents
from ckanext.chervonohrad.registration.model import PublisherApplication
from tests.registration.test_action import act, application_data

PDF = b"%PDF-1.4\n% application document\n"


def stored_files() -> list[str]:
    root = documents._root()
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


def auth(user):
    return {"Authorization": user["token"]}


def form(**overrides):
    return dict(application_data(publisher_emails="", consent="on"), **overrides)


@pytest.fixture
def applicant():
    return factories.UserWithToken()


@pytest.fixture
def admin():
    return factories.SysadminWithToken()


@pytest.fixture(autouse=True)
def no_documents_left_over():
    import shutil

    shutil.rmtree(documents._root(), ignore_errors=True)


@pytest.mark.usefixtures("clean_db", "clean_redis")
class TestForm:
    def test_a_refused_form_stores_no_file(self, app, applicant):
        data = form(edrpou="44106670", document_upload=(io.BytesIO(PDF), "nakaz.pdf"))
        app.post("/publisher/register", headers=auth(applicant), data=data, status=400,
                 content_type="multipart/form-data")
        assert stored_files() == []
        assert model.Session.query(PublisherApplication).count() == 0

    def test_a_valid_form_stores_the_file_and_the_applicant_downloads_it(self, app, applicant, smtp_inbox):
        app.post("/publisher/register", headers=auth(applicant), content_type="multipart/form-data",
                 data=form(document_upload=(io.BytesIO(PDF), "nakaz.pdf")))
        application = model.Session.query(PublisherApplication).one()
        assert stored_files() == [application.document_url]
        body = app.get(f"/publisher/applications/{application.id}/document", headers=auth(applicant)).body
        assert body.encode() == PDF if isinstance(body, str) else body == PDF

    def test_a_document_reference_in_the_form_is_ignored(self, app, applicant, smtp_inbox):
        victim = factories.User()
        theirs = act("chervonohrad_registration_application_create", victim, **application_data(
            edrpou="26162800", document_upload=FileStorage(io.BytesIO(PDF), "secret.pdf")))
        app.post("/publisher/register", headers=auth(applicant), content_type="multipart/form-data",
                 data=form(document_url=theirs["document_url"]))
        mine = model.Session.query(PublisherApplication).filter_by(edrpou="44106679").one()
        assert mine.document_url is None
        app.get(f"/publisher/applications/{mine.id}/document", headers=auth(applicant), status=404)

    def test_editing_keeps_or_replaces_the_document_and_never_takes_a_reference(self, app, applicant, smtp_inbox):
        app.post("/publisher/register", headers=auth(applicant), content_type="multipart/form-data",
                 data=form(document_upload=(io.BytesIO(PDF), "nakaz.pdf")))
        application_id = model.Session.query(PublisherApplication).one().id

        def stored():
            model.Session.remove()
            return model.Session.get(PublisherApplication, application_id).document_url

        first = stored()
        edit = f"/publisher/applications/{application_id}/edit"
        app.post(edit, headers=auth(applicant), content_type="multipart/form-data",
                 data=form(document_url="../../etc/passwd"))
        assert stored() == first
        app.post(edit, headers=auth(applicant), content_type="multipart/form-data",
                 data=form(document_upload=(io.BytesIO(PDF + b"2"), "new.pdf")))
        second = stored()
        assert second != first and second.endswith("new.pdf")
        assert stored_files() == [second]  # the replaced one is gone
        # A refused edit with a new file stores nothing and keeps the old one.
        app.post(edit, headers=auth(applicant), status=400, content_type="multipart/form-data",
                 data=form(edrpou="44106670", document_upload=(io.BytesIO(PDF), "third.pdf")))
        assert stored() == second and stored_files() == [second]

    def test_a_request_above_the_limit_is_a_413_in_ukrainian(self, app, applicant):
        big = io.BytesIO(b"0" * (documents.MAX_REQUEST_BYTES + 1))
        response = app.post("/publisher/register", headers=auth(applicant), status=413,
                            content_type="multipart/form-data", data=form(document_upload=(big, "big.pdf")))
        assert "Запит завеликий: документ має бути не більше 10 МБ" in response.body
        assert stored_files() == []
        assert model.Session.query(PublisherApplication).count() == 0

    def test_the_limit_is_only_for_registration_pages(self, app, applicant):
        # Other pages (e.g. resource uploads) keep CKAN's own limits.
        from flask import request

        with app.flask_app.test_request_context("/dataset/new", method="POST"):
            assert request.max_content_length != documents.MAX_REQUEST_BYTES


@pytest.mark.usefixtures("clean_db", "clean_redis", "ukrainian")
class TestAPI:
    def test_a_document_reference_is_refused(self, applicant):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", applicant,
                **application_data(document_url="0123abcd/secret.pdf"))
        assert "document_url" in raised.value.error_dict
        assert model.Session.query(PublisherApplication).count() == 0

    def test_an_upload_through_the_api_is_stored_after_validation(self, applicant, smtp_inbox):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_create", applicant, **application_data(
                title="", document_upload=FileStorage(io.BytesIO(PDF), "nakaz.pdf")))
        assert stored_files() == []
        created = act("chervonohrad_registration_application_create", applicant, **application_data(
            document_upload=FileStorage(io.BytesIO(PDF), "nakaz.pdf")))
        assert stored_files() == [created["document_url"]]

    def test_a_duplicate_refused_at_commit_leaves_no_file(self, applicant, smtp_inbox, monkeypatch):
        # Two racing submits both pass the check; the database refuses the second, and its file goes.
        from ckanext.chervonohrad.registration.logic import action

        act("chervonohrad_registration_application_create", applicant, **application_data())
        monkeypatch.setattr(action, "_refuse_duplicates", lambda *args, **kwargs: None)
        with pytest.raises(IntegrityError):
            act("chervonohrad_registration_application_create", factories.User(), **application_data(
                document_upload=FileStorage(io.BytesIO(PDF), "nakaz.pdf")))
        assert stored_files() == []


@pytest.mark.usefixtures("clean_db", "clean_redis")
def test_an_application_stored_before_this_change_still_shows_downloads_and_is_decided(app, applicant, admin,
                                                                                     smtp_inbox):
    # Old rows: a document stored by the former form (its reference came from the client)
    # and no consent flag set.
    relative = documents.store("old.pdf", PDF)
    user = model.User.get(applicant["id"])
    old = PublisherApplication(applicant_id=user.id, state="submitted", consent=False, document_url=relative,
                               **{k: v for k, v in application_data(publisher_emails=[], document_date=None).items()
                                  if k != "consent"})
    model.Session.add(old)
    model.Session.commit()
    page = app.get(f"/publisher/applications/{old.id}", headers=auth(admin)).body
    assert "Відділ культури Шептицької міської ради" in page
    assert app.get(f"/publisher/applications/{old.id}/document", headers=auth(admin)).status_code == 200
    done = call_action("chervonohrad_registration_application_approve", context={"user": admin["name"]}, id=old.id)
    assert done["application"]["state"] == "approved"
