"""Writes the package's message template: every string of ckanext/chervonohrad and of
ckanext-harvest's pages and messages. ckanext-harvest ships no Ukrainian; CKAN merges every
plugin's catalogue, so ours translates its pages. Where CKAN's own catalogue translates one of
harvest's strings too, ours carries CKAN's wording (the catalogues never disagree).

    python scripts/i18n_extract.py OUTPUT.pot      (make i18n-extract runs it)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYBABEL = os.path.join(os.path.dirname(sys.executable), "pybabel")


def _extract(source: str, output: str, cwd: str) -> polib.POFile:
    subprocess.run([PYBABEL, "extract", "-F", os.path.join(ROOT, "babel.cfg"), "-k", "_n", "-k", "_nn:1,2",
                    "-o", output,
                    "--project=ckanext-chervonohrad", "--no-location", "--sort-output", "--ignore-dirs=tests",
                    source], cwd=cwd, check=True, capture_output=True)
    return polib.pofile(output)


def harvest_strings(workdir: str) -> list[polib.POEntry]:
    """ckanext-harvest's strings: its templates and its Python (flash messages, refusals)."""
    import ckanext.harvest

    site = os.path.dirname(os.path.dirname(os.path.dirname(ckanext.harvest.__file__)))
    return list(_extract("ckanext/harvest", os.path.join(workdir, "harvest.pot"), site))


def template(output: str) -> int:
    with tempfile.TemporaryDirectory() as workdir:
        ours = _extract("ckanext/chervonohrad", os.path.join(workdir, "ours.pot"), ROOT)
        present = {e.msgid for e in ours}
        for entry in harvest_strings(workdir):
            if entry.msgid not in present:
                ours.append(entry)
        ours.sort(key=lambda e: e.msgid)
        ours.save(output)
        return len(ours)


if __name__ == "__main__":
    print(f"{template(sys.argv[1])} strings in {sys.argv[1]}")
