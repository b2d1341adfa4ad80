"""What adopting a portal finds in one dataset or publisher, and the patch that puts its
mechanical part right.

Pure functions (no CKAN imports): the report action, the CLI's apply path and the tests
ask these, on plain dicts. A `Finding` with a `fix` is mechanical (a machine may store the
fix: `passport.legacy` is certain of it, or it is a default such as the territory); one
without needs a person.
"""
from __future__ import annotations

import copy
import dataclasses
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from ckanext.chervonohrad.passport import legacy, rules

KINDS = ("missing", "invalid", "conflict", "error")


@dataclass(frozen=True)
class Finding:
    """`kind`: missing (a field or resource the passport needs), invalid (a stored value it
    refuses), conflict (the operator's table disagrees with a stored value), error (a write
    the portal refused); `field` as the schema names it; `reason`: rules.Missing's or
    legacy.Invalid's reason, or the operator table's (operator.REASONS); `value`: what is
    stored; `fix`: what a machine may store instead (None: a person decides); `resource`: a
    resource's id."""

    kind: str
    field: str
    reason: str
    value: str = ""
    fix: str | None = None
    resource: str | None = None
    detail: str = ""  # e.g. the publisher that holds an EDRPOU code already, or a refusal's message

    @property
    def mechanical(self) -> bool:
        return self.fix is not None

    def as_dict(self) -> dict[str, Any]:
        return dict(asdict(self), mechanical=self.mechanical)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def dataset_findings(dataset: dict[str, Any], open_licences: Collection[str], territory: str | None) -> list[Finding]:
    """What `dataset` (a package dict) lacks and holds that the passport refuses, in passport
    order; `territory`: the KATOTTG code a dataset without one gets (its publisher's hromada,
    else the council's)."""
    found = [Finding("missing", m.field, m.reason) for m in rules.missing_for_publication(dataset)]
    if _blank(dataset.get("territory")):
        found.append(Finding("missing", "territory", "required", "", territory or None))
    found += [Finding("invalid", i.field, i.reason, i.value, i.fix, i.resource)
              for i in legacy.dataset_invalid(dataset, open_licences)]
    return found


def with_territory(findings: list[Finding], territory: str | None) -> list[Finding]:
    """The findings with the default territory `territory` (the publisher's hromada as the
    operator's table sets it) as the fix of a missing territory."""
    return [dataclasses.replace(f, fix=territory or None) if (f.kind, f.field) == ("missing", "territory") else f
            for f in findings]


def dataset_patch(dataset: dict[str, Any], findings: list[Finding]) -> dict[str, Any]:
    """The package_patch data that stores every mechanical fix of `findings` (empty: nothing
    to do). A resource's fix sends the whole resource list, as package_patch replaces it."""
    patch: dict[str, Any] = {}
    by_resource: dict[str, dict[str, str]] = {}
    for finding in findings:
        if not finding.mechanical or finding.kind not in ("missing", "invalid"):
            continue
        if finding.resource:
            by_resource.setdefault(finding.resource, {})[finding.field] = finding.fix
        else:
            patch[finding.field] = finding.fix
    if by_resource:
        resources = copy.deepcopy(dataset.get("resources") or [])
        for resource in resources:
            resource.update(by_resource.get(resource.get("id"), {}))
        patch["resources"] = resources
    return patch


def publisher_findings(organization: dict[str, Any], hromada_codes: Collection[str]) -> list[Finding]:
    """What a publisher (an organization dict with its extras at the top) lacks and holds
    that the organization schema refuses."""
    found = [Finding("missing", field, "required") for field in legacy.publisher_missing(organization)]
    found += [Finding("invalid", i.field, i.reason, i.value, i.fix) for i in legacy.publisher_invalid(
        organization, hromada_codes)]
    return found


def with_operator_values(findings: list[Finding], values: dict[str, str]) -> list[Finding]:
    """A publisher's findings once the operator's table gives `values` (field → new value,
    already checked): a missing or invalid field the table fills gets the table's value as
    its fix."""
    out = []
    for finding in findings:
        if finding.kind in ("missing", "invalid") and finding.field in values:
            finding = Finding(finding.kind, finding.field, finding.reason, finding.value, values[finding.field])
        out.append(finding)
    return out


def publisher_patch(organization: dict[str, Any], findings: list[Finding]) -> dict[str, str]:
    """The organization_patch data (without id) storing every mechanical fix that changes
    a stored value."""
    return {f.field: f.fix for f in findings if f.mechanical and f.kind in ("missing", "invalid")
            and f.fix != organization.get(f.field)}


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings a machine can fix and how many need a person."""
    mechanical = sum(1 for f in findings if f.mechanical)
    return {"mechanical": mechanical, "person": len(findings) - mechanical}
