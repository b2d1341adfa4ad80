"""Two web nodes on one database, Solr core, Redis and storage, each a gunicorn as `make demo`
serves the portal (deploy/gunicorn.conf.py): what a visitor does on one holds on the other —
a login, the feedback rate limit, a form sent twice, an application approved twice at once, a
rescore, an upload. Real processes, real HTTP; nothing in a process's memory may matter."""
from __future__ import annotations

import re
import threading

import requests

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.quality.model import DatasetScore
from ckanext.chervonohrad.registration.model import PublisherApplication
from tests.factories import PassportDataset
from tests.registration.test_action import application_data
from tests.serving.conftest import PER_IP

PASSWORD = "Two-Nodes-Pa55word"


def call(base: str, action: str, token: str | None = None, **data) -> requests.Response:
    headers = {"Authorization": token} if token else {}
    return requests.post(f"{base}/api/3/action/{action}", json=data, headers=headers, timeout=60)


def test_a_login_on_one_node_holds_on_the_other(nodes, clean_db, reset_redis):
    reset_redis()
    a, b = nodes
    user = factories.User(name="dvi-nody", password=PASSWORD)
    browser = requests.Session()  # cookies are per host, not per port: one browser, two nodes
    form = browser.get(f"{a}/user/login", timeout=60).text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form)[1]
    # The login answers with a redirect to the site's configured address: not followed.
    done = browser.post(f"{a}/user/login", data={"login": user["name"], "password": PASSWORD, "_csrf_token": token},
                        timeout=60, allow_redirects=False)
    assert done.status_code == 302
    page = browser.get(f"{b}/user/edit/{user['name']}", timeout=60)
    assert page.status_code == 200 and 'name="email"' in page.text  # only the account itself may edit it
    anonymous = requests.get(f"{b}/user/edit/{user['name']}", timeout=60, allow_redirects=False)
    assert anonymous.status_code in (302, 401, 403)


def test_the_feedback_rate_limit_counts_both_nodes_and_a_form_sent_twice_is_one_item(nodes, clean_db, reset_redis):
    reset_redis()
    a, b = nodes
    dataset = PassportDataset()
    item = {"package_id": dataset["name"], "category": "data_error", "consent": True,
            "message": "У рядку 3 помилка в даних.", "email": "ivan@citizen.example"}
    twice = dict(item, submission_token="tok-" + "7" * 30)
    first, second = call(a, "chervonohrad_feedback_create", **twice), call(b, "chervonohrad_feedback_create", **twice)
    assert first.status_code == 200 and second.status_code == 200
    assert first.json()["result"]["id"] == second.json()["result"]["id"]
    assert model.Session.query(Feedback).count() == 1
    # A form sent again is answered with its item, uncounted; new items count on either node.
    for number in range(2, PER_IP + 1):
        assert call((a, b)[number % 2], "chervonohrad_feedback_create", **item).status_code == 200
    refused = call(b if PER_IP % 2 else a, "chervonohrad_feedback_create", **item)
    assert refused.status_code == 429, refused.text
    assert model.Session.query(Feedback).count() == PER_IP


def test_two_approvals_on_two_nodes_at_once_make_one_publisher(nodes, clean_db, reset_redis):
    reset_redis()
    a, b = nodes
    admin = factories.SysadminWithToken()
    applicant = factories.User(email="applicant@sheptytskyi.example")
    application = call_action("chervonohrad_registration_application_create",
                              context={"user": applicant["name"], "ignore_auth": False}, **application_data())
    answers: list[requests.Response] = []
    start = threading.Barrier(2)

    def approve(base: str) -> None:
        start.wait()
        answers.append(call(base, "chervonohrad_registration_application_approve", admin["token"],
                            id=application["id"]))

    threads = [threading.Thread(target=approve, args=(base,)) for base in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in answers)[0] == 200
    assert sum(r.status_code == 200 for r in answers) == 1, [r.text for r in answers]
    assert all(r.status_code in (200, 409) for r in answers), [r.text for r in answers]
    model.Session.expire_all()
    assert model.Session.query(model.Group).filter_by(is_organization=True, state="active").count() == 1
    assert model.Session.get(PublisherApplication, application["id"]).state == "approved"


def test_a_rescore_on_one_node_is_what_the_other_shows(nodes, clean_db, reset_redis):
    reset_redis()
    a, b = nodes
    admin = factories.SysadminWithToken()
    dataset = PassportDataset()
    row = model.Session.get(DatasetScore, dataset["id"])
    row.score = -1.0  # stale, as before a night's rescore
    model.Session.commit()
    assert call(b, "chervonohrad_quality_show", id=dataset["name"]).json()["result"]["score"] == -1.0
    done = call(a, "chervonohrad_quality_rescore", admin["token"], id=dataset["name"]).json()["result"]
    assert done["changed"] and done["score"] > 0
    assert call(b, "chervonohrad_quality_show", id=dataset["name"]).json()["result"]["score"] == done["score"]


def test_a_file_uploaded_on_one_node_downloads_from_the_other(nodes, clean_db, reset_redis):
    reset_redis()
    a, b = nodes
    admin = factories.SysadminWithToken()
    dataset = PassportDataset()
    content = "рік;сума\n2025;100\n".encode()
    created = requests.post(f"{a}/api/3/action/resource_create", headers={"Authorization": admin["token"]},
                            data={"package_id": dataset["id"], "name": "Дані 2025", "format": "CSV",
                                  "resource_role": "data"},
                            files={"upload": ("dani-2025.csv", content, "text/csv")}, timeout=60)
    assert created.status_code == 200, created.text
    url = created.json()["result"]["url"]
    assert url.endswith("/dani-2025.csv")
    path = url.split("/dataset/", 1)[1]
    downloaded = requests.get(f"{b}/dataset/{path}", timeout=60)
    assert downloaded.status_code == 200 and downloaded.content == content
