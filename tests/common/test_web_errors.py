"""The app-wide ValidationError handler (common/web_errors.py): a refusal that escapes the
resource form or a resource's deletion sends the publisher back to the dataset page with
the reasons flashed; any other view's refusal is CKAN's to answer, whatever its URL holds."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.passport.test_validators import create


@pytest.fixture
def sysadmin():
    return factories.SysadminWithToken()


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_refused_resource_deletion_goes_back_to_the_dataset_page(app, sysadmin):
    dataset = create(sysadmin)
    structure = next(r for r in dataset["resources"] if r["resource_role"] == "structure")
    url = tk.url_for("dataset_resource.delete", id=dataset["name"], resource_id=structure["id"])
    client = app.test_client()
    response = client.post(url, headers={"Authorization": sysadmin["token"]}, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(tk.url_for("dataset.read", id=dataset["name"]))
    page = client.get(response.headers["Location"], headers={"Authorization": sysadmin["token"]}).body
    assert "Ресурси: " in page
    assert len(call_action("package_show", id=dataset["id"])["resources"]) == 2


def _refuse(id: str):
    raise tk.ValidationError({"title": ["refused"]})


@pytest.mark.usefixtures("clean_db")
def test_another_views_refusal_with_an_id_is_not_sent_to_the_dataset_page(make_app):
    app = make_app()
    # An organization page whose action refuses without the view catching it.
    app.flask_app.add_url_rule("/organization/<id>/chervonohrad-refused", "chervonohrad_test_refused", _refuse)
    # CKAN's normal handling: the error is not answered here, so the test app raises it
    # (a live site shows its server error page) rather than redirecting to /dataset/some-publisher.
    with pytest.raises(tk.ValidationError) as raised:
        app.get("/organization/some-publisher/chervonohrad-refused")
    assert raised.value.error_dict == {"title": ["refused"]}
