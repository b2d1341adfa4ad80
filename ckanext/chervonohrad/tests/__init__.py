

def suite_ini() -> str:
    """The configuration file this test session runs under (--ckan-ini), for the CKAN commands tests
    start as subprocesses, so they reach the same database, Solr core and Redis as the test."""
    from ckan.common import config

    return config["__file__"]
