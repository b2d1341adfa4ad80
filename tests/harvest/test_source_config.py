"""A harvest source's configuration: defaults, every option, clear errors."""
from __future__ import annotations

import pytest

from ckanext.chervonohrad.harvest import source_config
from ckanext.chervonohrad.harvest.source_config import ConfigError, parse


@pytest.mark.parametrize("text", [None, "", "  ", "{}"])
def test_empty_means_defaults(text):
    config = parse(text)
    assert config == source_config.SourceConfig()
    assert config.removed_datasets == "keep" and not config.deletes_removed
    assert config.publisher_by_edrpou is True


def test_every_option():
    config = parse('{"organizations": ["a", "b", "a"], "edrpou": ["14360570", 26162800], "owner_org": "fin", '
                   '"publisher_by_edrpou": false, "removed_datasets": "delete", "timeout": 5, "page_size": 10, '
                   '"max_datasets": 50, "api_key": "k", "user_agent": "ua"}')
    assert config.organizations == ("a", "b")
    assert config.edrpou == ("14360570", "26162800")
    assert config.owner_org == "fin"
    assert config.deletes_removed
    assert (config.timeout, config.page_size, config.max_datasets) == (5, 10, 50)
    assert (config.api_key, config.user_agent, config.publisher_by_edrpou) == ("k", "ua", False)


@pytest.mark.parametrize("text, fragment", [
    ("{", "not valid JSON"),
    ("[]", "must be a JSON object"),
    ('{"organisations": ["a"]}', "Unknown option «organisations»"),
    ('{"organizations": "a"}', None),
    ('{"organizations": [""]}', "«organizations» must be a list"),
    ('{"organizations": [1]}', "«organizations» must be a list"),
    ('{"edrpou": ["14360571"]}', "«14360571» is not a valid EDRPOU code"),
    ('{"edrpou": ["1436057"]}', "not a valid EDRPOU code"),
    ('{"edrpou": {"a": 1}}', "«edrpou» must be a list"),
    ('{"removed_datasets": "purge"}', "«keep» or «delete»"),
    ('{"timeout": 0}', "«timeout» must be a whole number from 1 to 300"),
    ('{"timeout": "5"}', "«timeout» must be a whole number"),
    ('{"page_size": true}', "«page_size» must be a whole number"),
    ('{"publisher_by_edrpou": "yes"}', "must be true or false"),
    ('{"owner_org": ""}', "«owner_org» must be a non-empty string"),
])
def test_errors(text, fragment):
    if fragment is None:
        assert parse(text).organizations == ("a",)
        return
    with pytest.raises(ConfigError) as raised:
        parse(text)
    assert fragment in str(raised.value)
    assert raised.value.msgid
