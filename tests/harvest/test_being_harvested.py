"""A data.gov.ua-style harvester pointed at this portal finds the 835 passport under
data.gov.ua's field names in `package_search` and `package_show`, publisher EDRPOU included."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.lib.search import rebuild

from ckanext.chervonohrad.harvest import mapping
from tests.factories import PassportDataset, Publisher

PASSPORT = ("title", "notes", "language", "update_frequency", "purpose_of_collecting_information", "maintainer",
            "maintainer_email", "license_id", "topic", "list835_item", "data_current_as_of", "territory")


@pytest.mark.usefixtures("clean_db")
def test_search_and_show_answers_map_back_onto_the_same_passport():
    publisher = Publisher(edrpou="44106679")
    created = PassportDataset(owner_org=publisher["id"])
    rebuild(created["id"])  # the Solr core is shared with other runs
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": created["id"]})
    found = tk.get_action("package_search")({"ignore_auth": True}, {"fq": f'id:"{created["id"]}"'})["results"]
    assert [d["id"] for d in found] == [created["id"]]
    for answer in (shown, found[0]):
        assert answer["organization"]["edrpou"] == "44106679"
        mapped = mapping.map_dataset(answer, owner_org="elsewhere", publisher=answer["organization"])
        assert mapped.publishable, mapped.problems
        assert mapped.publisher_edrpou == "44106679"
        for field in PASSPORT:
            assert mapped.dataset.get(field) == created.get(field), field
        assert sorted(t["name"] for t in mapped.dataset["tags"]) == sorted(t["name"] for t in created["tags"])
        assert [r["resource_role"] for r in mapped.dataset["resources"]] == ["data", "structure"]
