"""Search permission labels (CKAN's IPermissionLabels) for use cases: package_search finds a
proposal only for those who may see it (access.may_see), so neither /showcase nor the API
lists one to anybody else. Datasets keep CKAN's labels."""
from __future__ import annotations

from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.hromada import access as hromada_access
from ckanext.chervonohrad.showcase import access, status

REVIEWERS = "showcase-review"  # regional administrators


class Labels(DefaultPermissionLabels):
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        if dataset_obj.type != status.TYPE:
            return super().get_dataset_labels(dataset_obj)
        about = access.facts(dataset_obj)
        if about["status"] == status.APPROVED and dataset_obj.state == model.State.ACTIVE:
            return ["public"]
        labels = [REVIEWERS] + [f"showcase-publisher-{org}" for org in sorted(access.owners_of(about["datasets"]))]
        if about["creator"]:
            labels.append(f"creator-{about['creator']}")
        if about["hromada"]:
            labels.append(f"showcase-hromada-{about['hromada']}")
        return labels

    def get_user_dataset_labels(self, user_obj: model.User | None) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if not isinstance(user_obj, model.User) or user_obj.state != model.State.ACTIVE:
            return labels
        if is_regional_admin(user_obj.name):
            labels.append(REVIEWERS)
        labels.extend(f"showcase-hromada-{code}" for code in sorted(hromada_access.officer_hromadas(user_obj.name)))
        admin_of = model.Session.query(model.Member.group_id).filter(
            model.Member.table_name == "user", model.Member.table_id == user_obj.id,
            model.Member.capacity == "admin", model.Member.state == model.State.ACTIVE)
        labels.extend(f"showcase-publisher-{row[0]}" for row in admin_of)
        return labels
