"""Saves of stock content over HTTP on the adopted portal (`ckan run`, the adopted configuration),
with the stock sysadmin's API token, as the portal's API clients and scripts make them: an edit
of a dataset that was public before the extension saves; publishing new content stays strict."""
from __future__ import annotations

import requests

from tests.stock_portal import portal, seed


def _ok(response: requests.Response) -> dict:
    assert response.status_code == 200, (response.status_code, response.text[:2000])
    answer = response.json()
    assert answer["success"], answer
    return answer["result"]


def _refused(response: requests.Response, status: int = 409) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:2000])
    return response.json()["error"]


def test_the_adopted_portal_answers_its_pages(adopted):
    # The stock portal's activity streams (CKAN's activity plugin, on before and after) too.
    for path in ["/", "/dataset/", "/organization/", "/en/dataset/", "/dataset/activity/merezha-shkil",
                 "/organization/activity/viddil-osvity",
                 *(f"/dataset/{name}" for name in seed.PUBLIC),
                 *(f"/organization/{o['name']}" for o in seed.ORGANIZATIONS)]:
        response = requests.get(adopted.url + path, timeout=60)
        assert response.status_code == 200, (path, response.status_code)
    for name in seed.PRIVATE | seed.DRAFT:
        assert requests.get(f"{adopted.url}/dataset/{name}", timeout=60).status_code == 404, name
        as_admin = requests.get(f"{adopted.url}/dataset/{name}", headers={"Authorization": adopted.token}, timeout=60)
        assert as_admin.status_code == 200, name
    activity = adopted.api.action("package_activity_list", id="merezha-shkil", limit=100)
    assert "new package" in {a["activity_type"] for a in activity}  # the stock portal's own history
    search = _ok(adopted.anonymous.call("package_search", q="бюджету", rows=50))
    assert {"dokhody-biudzhetu", "vydatky-biudzhetu"} <= {d["name"] for d in search["results"]}


def test_the_adoption_pages_answer_the_sysadmin_and_no_one_else(adopted):
    admin = {"Authorization": adopted.token}
    page = requests.get(adopted.url + "/open-data/adoption", params={"hromada": "UA46060250000025047"},
                        headers=admin, timeout=60)
    assert page.status_code == 200, page.status_code
    assert "Відділ освіти міської ради" in page.text and "Фінансове управління" in page.text
    # The publisher the operator's table left out: its page lists its datasets and their gaps.
    publisher = requests.get(adopted.url + "/open-data/adoption/upravlinnia-zhkh", headers=admin, timeout=60)
    assert publisher.status_code == 200, publisher.status_code
    assert "План ремонту доріг" in publisher.text
    for path in ("/open-data/adoption", "/open-data/adoption/upravlinnia-zhkh"):
        anonymous = requests.get(adopted.url + path, timeout=60, allow_redirects=False)
        assert anonymous.status_code in (302, 403), (path, anonymous.status_code)


def test_a_title_only_patch_saves_every_stock_dataset(adopted):
    for name in seed.NAMES:
        title = f"{adopted.api.action('package_show', id=name)['title']} (оновлено)"
        result = _ok(adopted.api.call("package_patch", id=name, title=title))
        assert result["title"] == title, name
        shown = adopted.api.action("package_show", id=name)
        assert (shown["title"], shown["state"], shown["private"]) == (
            title, "draft" if name in seed.DRAFT else "active", name in seed.PRIVATE), name


def test_package_update_of_a_legacy_dataset_saves_and_lists_what_it_lacks(adopted):
    dataset = adopted.api.action("package_show", id="vydatky-biudzhetu")  # other-closed, no structure file
    dataset["notes"] += " Уточнено."
    result = _ok(adopted.api.call("package_update", **dataset))
    assert result["notes"].endswith("Уточнено.")
    assert result["license_id"] == "other-closed"  # a stored value kept while the edit leaves it alone
    warnings = result.get("chervonohrad_warnings")
    assert warnings, sorted(result)
    assert "license_id" in str(warnings)


def test_a_structure_file_can_be_added_to_a_legacy_public_dataset(adopted):
    # rezultaty-zno: a closed licence, no purpose; remont-dorih: not even a data file.
    for name, count in (("dytiachi-sadky", 2), ("rezultaty-zno", 2), ("remont-dorih", 1)):
        resource = _ok(adopted.api.call(
            "resource_create", package_id=name, name="Структура набору даних", format="CSV",
            url=f"https://data.hromada.example/files/{name}-structure.csv", resource_role="structure"))
        assert resource["resource_role"] == "structure"
        dataset = adopted.api.action("package_show", id=name)
        roles = [r.get("resource_role") for r in dataset["resources"]]
        assert roles.count("structure") == 1 and len(roles) == count, (name, roles)
        assert dataset["state"] == "active" and dataset["license_id"] == seed.license_of(name), name


def test_a_resource_of_a_legacy_public_dataset_can_be_deleted(adopted):
    dataset = adopted.api.action("package_show", id="podatkovi-pilhy")  # a PDF and a CSV, no structure file
    pdf = next(r for r in dataset["resources"] if r["format"] == "PDF")
    _ok(adopted.api.call("resource_delete", id=pdf["id"]))
    assert [r["format"] for r in adopted.api.action("package_show", id="podatkovi-pilhy")["resources"]] == ["CSV"]


def test_the_stock_editor_saves_the_datasets_of_their_organization_only(adopted):
    mine = next(d["name"] for d in seed.DATASETS if d["owner_org"] == seed.EDITOR_ORGANIZATION
                and d["name"] in seed.CLOSED)
    result = _ok(adopted.editor.call("package_patch", id=mine, notes="Оновлено редактором відділу."))
    assert result["notes"] == "Оновлено редактором відділу."
    other = next(d["name"] for d in seed.DATASETS if d["owner_org"] != seed.EDITOR_ORGANIZATION
                 and d["name"] in seed.PUBLIC)
    _refused(adopted.editor.call("package_patch", id=other, notes="Не моє."), 403)
    _refused(adopted.editor.call("organization_patch", id=seed.EDITOR_ORGANIZATION, description="Редактор"), 403)


def test_a_stock_organization_description_saves(adopted):
    result = _ok(adopted.api.call("organization_patch", id="upravlinnia-zhkh",
                                  description="Житлово-комунальні послуги громади: графіки, тарифи, ремонти."))
    assert result["description"].startswith("Житлово-комунальні послуги")
    shown = adopted.api.action("organization_show", id="upravlinnia-zhkh")
    assert not shown.get("edrpou")  # still for a person to fill in; the save did not need it


def test_a_new_public_dataset_with_an_incomplete_passport_is_refused(adopted):
    error = _refused(adopted.api.call(
        "package_create", name="novyi-nabir", title="Новий набір", notes="Як це робили до розширення.",
        owner_org="viddil-osvity", license_id="cc-by", maintainer="Петренко Ольга", private=False,
        extras=[{"key": "update_frequency", "value": "annually"}]))
    assert error.get("__type") == "Validation Error", error
    assert _refused(adopted.anonymous.call("package_show", id="novyi-nabir"), 404)


def test_a_stock_draft_made_public_with_an_incomplete_passport_is_refused(adopted):
    error = _refused(adopted.api.call("package_patch", id="publichni-zakupivli", state="active"))
    assert error.get("__type") == "Validation Error", error
    assert adopted.api.action("package_show", id="publichni-zakupivli")["state"] == "draft"


def test_a_stock_private_dataset_made_public_with_an_incomplete_passport_is_refused(adopted):
    error = _refused(adopted.api.call("package_patch", id="taryfy-zhkp", private=False))
    assert error.get("__type") == "Validation Error", error
    assert adopted.api.action("package_show", id="taryfy-zhkp")["private"] is True


def test_a_change_that_makes_a_legacy_dataset_worse_is_refused(adopted):
    # merezha-shkil is under cc-by: a closed licence now would be a step back.
    error = _refused(adopted.api.call("package_patch", id="merezha-shkil", license_id="other-closed"))
    assert "license_id" in error, error
    assert adopted.api.action("package_show", id="merezha-shkil")["license_id"] == "cc-by"


def test_a_change_that_makes_a_stock_organization_worse_is_refused(adopted):
    # 12345670 fails the EDRPOU check digit: a publisher without a code may not get a wrong one.
    error = _refused(adopted.api.call("organization_patch", id="upravlinnia-zhkh", edrpou="12345670"))
    assert "edrpou" in error, error
    assert not adopted.api.action("organization_show", id="upravlinnia-zhkh").get("edrpou")


def test_anonymous_saves_are_refused(adopted):
    _refused(adopted.anonymous.call("package_patch", id="osbb", title="Чуже"), 403)
    assert adopted.api.action("package_show", id="osbb")["title"] != "Чуже"


def test_a_stock_frequency_still_stored_is_mapped_by_the_next_save(adoption, adopted):
    """An edit saved before `adopt --apply` reached a dataset: its extra holds CKAN's
    `monthly`, as the stock portal stored it (put back here, behind the running portal)."""
    package_id = adoption.stock["datasets"]["vyvezennia-smittia"]["id"]
    portal.set_package_extra(adoption.db_url, package_id, "update_frequency", "monthly")
    assert portal.package_extra(adoption.db_url, package_id, "update_frequency") == "monthly"
    assert adopted.api.action("package_show", id=package_id)["update_frequency"] == "once a month"  # shown mapped
    result = _ok(adopted.api.call("package_patch", id=package_id, notes="Графік на наступний місяць."))
    assert result["update_frequency"] == "once a month"
    assert portal.package_extra(adoption.db_url, package_id, "update_frequency") == "once a month"
