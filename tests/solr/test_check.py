"""`ckan chervonohrad solr check`: the portal's Solr core asked through its Schema API whether it has
this extension's schema, on the real Solr node: the suite's core (our schema), `ckan_stock` (CKAN's
stock schema), and no Solr at all."""
from __future__ import annotations

import copy

import pytest

from ckanext.chervonohrad.solr import check, configset
from tests.solr.helpers import closed_port, ini_with, run_ckan, solr_base
from tests.solr.test_configset import INSTALLED_SCHEMA


@pytest.fixture
def ours(ckan_config) -> str:
    return ckan_config["solr_url"]


@pytest.fixture
def stock(ours) -> str:
    return solr_base(ours) + "/ckan_stock"


@pytest.fixture
def live(ours) -> dict:
    return check.fetch_schema(ours)


def test_the_suites_core_has_the_schema(ours):
    assert check.check_core(ours) == []


def test_the_stock_core_names_each_missing_piece(stock):
    found = check.check_core(stock)
    assert len(found) == 3, found
    score, analysis, fields = found
    assert "no `quality_score` field" in score and "string catch-all" in score
    assert "`text` field type has no Ukrainian analysis" in analysis
    assert "res_description, res_name" in fields


def test_unreachable_solr_is_named_with_its_address():
    url = f"http://127.0.0.1:{closed_port()}/solr/ckan"
    with pytest.raises(check.SolrUnreachable, match=f"Solr does not answer at {url}/schema"):
        check.check_core(url)


def test_a_missing_core_is_told_apart_from_a_missing_solr(ours):
    url = solr_base(ours) + "/no_such_core_chervonohrad"
    with pytest.raises(check.SolrUnreachable, match="no core or collection at .*HTTP 404"):
        check.check_core(url)


class TestProblemsOfOtherSchemas:
    """The pure comparison, on the live schema of our core altered as other portals' cores are."""

    @pytest.fixture
    def expected(self):
        return configset.derived()

    def test_ours_has_none(self, live, expected):
        assert check.problems(live, expected) == []

    def test_score_as_a_string(self, live, expected):
        altered = copy.deepcopy(live)
        next(f for f in altered["fields"] if f["name"] == "quality_score")["type"] = "string"
        assert check.problems(altered, expected) == [
            "`quality_score` is of type `string` (StrField), not numeric (`pfloat`): sorting by quality compares "
            "strings"]

    def test_solrcloud_needs_a_numeric_version(self, live, expected):
        """A collection from the standalone configset: its replicas cannot read CKAN's string `_version_`."""
        assert next(f for f in live["fields"] if f["name"] == "_version_")["type"] == "string"
        [found] = check.problems(live, expected, cloud=True)
        assert "SolrCloud and `_version_` is of type `string`, not a long" in found and "--cloud" in found
        altered = copy.deepcopy(live)
        next(f for f in altered["fields"] if f["name"] == "_version_")["type"] = "plong"
        assert check.problems(altered, expected, cloud=True) == []
        assert not check.in_cloud(check.portal_connection()[0])

    def test_an_integer_score_is_numeric_too(self, live, expected):
        altered = copy.deepcopy(live)
        next(f for f in altered["fields"] if f["name"] == "quality_score")["type"] = "pint"
        assert check.problems(altered, expected) == []

    def test_the_schema_of_an_earlier_ckan_this_one_reads_is_good(self, live, expected):
        """A core made before upgrading CKAN 2.11 to 2.12 (the same fields) needs nothing."""
        assert check.problems(dict(live, name="ckan-2.11"), expected) == []
        assert check.problems(dict(live, name="ckan-2.11", version=1.5), expected) != []

    def test_schema_of_another_ckan_version(self, live, expected):
        altered = dict(live, name="ckan-2.7", version=1.6)
        assert check.problems(altered, expected) == [
            f"the schema is `ckan-2.7` version 1.6, not `{INSTALLED_SCHEMA}` version 1.6 (the schema of the CKAN "
            "installed here)"]

    def test_an_older_ukrainian_analysis(self, live, expected):
        altered = copy.deepcopy(live)
        text = next(t for t in altered["fieldTypes"] if t["name"] == "text")
        text["queryAnalyzer"]["filters"] = [f for f in text["queryAnalyzer"]["filters"]
                                            if "Synonym" not in f["class"]]
        assert check.problems(altered, expected) == [
            "the `text` field type analyses Ukrainian differently from this version of the extension (an older "
            "configset?)"]

    def test_a_missing_field(self, live, expected):
        altered = dict(live, fields=[f for f in live["fields"] if f["name"] != "res_name"])
        assert check.problems(altered, expected) == ["these fields are missing: res_name"]


class TestCommand:
    def test_passes_on_our_core(self, chervonohrad, ours):
        done = chervonohrad("solr", "check", solr_url=ours)
        assert done.returncode == 0, done.stderr
        assert f"solr OK: {ours} has this extension's schema" in done.stdout

    def test_fails_on_the_stock_core_with_the_fix(self, chervonohrad, stock):
        done = chervonohrad("solr", "check", solr_url=stock)
        assert done.returncode == 1
        assert f"the Solr core at {stock} lacks this extension's schema" in done.stderr
        assert "- there is no `quality_score` field" in done.stderr
        assert "- these text fields do not use the Ukrainian `text` type: res_description, res_name" in done.stderr
        assert "Fix: write the configset with `ckan chervonohrad solr configset DIR`" in done.stderr
        assert "`ckan search-index rebuild`" in done.stderr

    def test_unreachable_solr(self, tmp_path):
        # A real `ckan` process, on purpose: the test is about what it prints around its start-up.
        url = f"http://127.0.0.1:{closed_port()}/solr/ckan"
        done = run_ckan(ini_with(tmp_path, solr_url=url), "chervonohrad", "solr", "check")
        assert done.returncode == 1
        # CKAN itself logs its failed connection at start-up; the command's own word comes last.
        assert done.stderr.strip().splitlines()[-1] == (
            f"Error: Solr does not answer at {url}/schema (ConnectionError): is it running, and is solr_url right?")

    def test_credentials_are_sent_when_configured(self, chervonohrad, ours):
        # The shared node has no authentication: it ignores them, and the check still runs through.
        done = chervonohrad("solr", "check", solr_url=ours, solr_user="ckan", solr_password="secret")
        assert done.returncode == 0, done.stderr
