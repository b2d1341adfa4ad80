from setuptools import setup

# Metadata lives in setup.cfg; this file keeps `pip install -e .` working with
# the pinned setuptools and declares the CKAN plugin entry points.
setup(
    entry_points={
        "ckan.plugins": [
            "chervonohrad = ckanext.chervonohrad.plugin:ChervonohradPlugin",
            "chervonohrad_ckan = ckanext.chervonohrad.harvest.harvester:ChervonohradCkanHarvester",
        ],
        "ckan.rdf.profiles": [
            "chervonohrad_dcat_ap = ckanext.chervonohrad.dcat.profile:ChervonohradDCATAPProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
