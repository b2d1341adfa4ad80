"""Every block this package's templates fill exists in the template they extend, on the CKAN
version running: a block CKAN moved elsewhere (2.12 moved the dataset page's `form` into
package/snippets/search_results.html) would otherwise be dropped without an error."""
from __future__ import annotations

import os

import pytest
from jinja2 import nodes

from ckanext.chervonohrad.passport.vocabularies import DATA_DIR

TEMPLATES = os.path.join(os.path.dirname(DATA_DIR), "templates")


def _ours() -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(TEMPLATES):
        found += [os.path.relpath(os.path.join(folder, name), TEMPLATES) for name in files if name.endswith(".html")]
    return sorted(found)


def _parents(tree: nodes.Template) -> list[str]:
    """The templates `tree` may extend: one, or each side of `{% extends a if x else b %}`."""
    extends = tree.find(nodes.Extends)
    if extends is None:
        return []
    names = [extends.template] if not isinstance(extends.template, nodes.CondExpr) else [
        extends.template.expr1, extends.template.expr2]
    assert all(isinstance(name, nodes.Const) for name in names), "extends a computed name: cannot be checked"
    return [name.value for name in names]


def _parse(env, name: str) -> tuple[nodes.Template, str]:
    source, filename, _uptodate = env.loader.get_source(env, name)
    return env.parse(source, name, filename), filename


def _blocks_of_chain(env, name: str) -> set[str]:
    """Every block defined in template `name` and the templates it extends in turn (where it
    may extend either of two, the blocks both chains have)."""
    tree, _filename = _parse(env, name)
    chains = [_blocks_of_chain(env, parent) for parent in _parents(tree)]
    inherited = set.intersection(*chains) if chains else set()
    return inherited | {block.name for block in tree.find_all(nodes.Block)}


@pytest.fixture
def jinja(app):
    return app.flask_app.jinja_env


def test_the_package_overrides_templates(jinja):
    overriding = [name for name in _ours() if _parents(_parse(jinja, name)[0])]
    assert "snippets/search_form.html" in overriding and "package/read.html" in overriding


@pytest.mark.parametrize("name", _ours())
def test_every_block_filled_is_one_the_parent_has(jinja, name):
    tree, filename = _parse(jinja, name)
    assert filename.startswith(TEMPLATES), f"{name} is not the package's own template here: {filename}"
    # Blocks at the top of an extending template fill the parent's; blocks inside them are new.
    filled = {node.name for node in tree.body if isinstance(node, nodes.Block)}
    for parent in _parents(tree):
        missing = filled - _blocks_of_chain(jinja, parent)
        assert not missing, (f"{name} fills block(s) {sorted(missing)} that {parent.split('*')[-1]} and the templates "
                             "it extends no longer have on this CKAN version: the content would silently not show")


def test_the_check_catches_a_block_the_parent_lacks(jinja):
    """The check above can fail: a template filling a block CKAN's page.html does not have."""
    tree = jinja.parse('{% extends "page.html" %}{% block no_such_block_anywhere %}x{% endblock %}')
    filled = {node.name for node in tree.body if isinstance(node, nodes.Block)}
    assert filled - _blocks_of_chain(jinja, _parents(tree)[0]) == {"no_such_block_anywhere"}
