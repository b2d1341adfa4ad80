"""Harvesting publishers' datasets from data.gov.ua-style CKAN portals into the 835 schema.

`source_config` reads a harvest source's configuration, `client` talks to the remote
portal's action API, `mapping` turns a remote dataset into this portal's passport (pure
functions), and `harvester` is the `chervonohrad_ckan` plugin that ckanext-harvest runs.
"""
