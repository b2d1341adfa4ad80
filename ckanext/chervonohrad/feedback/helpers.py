"""Template helpers of the feedback room."""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.feedback import access, captcha
from ckanext.chervonohrad.feedback.logic.action import reject_reason_label, status_label
from ckanext.chervonohrad.feedback.logic.suggestions import status_label as suggestion_status_label
from ckanext.chervonohrad.feedback.model import CATEGORIES, OPEN_STATUSES, REJECT_REASONS, Feedback


@helper
def chervonohrad_feedback_categories() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in CATEGORIES.items()]


@helper
def chervonohrad_feedback_category_label(code: str) -> str:
    return tk._(CATEGORIES[code]) if code in CATEGORIES else code


@helper
def chervonohrad_feedback_status_label(status: str) -> str:
    return status_label(status)


@helper
def chervonohrad_feedback_reject_reasons() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in REJECT_REASONS.items()]


@helper
def chervonohrad_feedback_reject_reason_label(reason: str | None) -> str:
    return reject_reason_label(reason)


@helper
def chervonohrad_suggestion_status_label(status: str) -> str:
    return suggestion_status_label(status)


@helper
def chervonohrad_feedback_published(package_id: str) -> list[dict[str, Any]]:
    """Published feedback on a dataset with its answers, newest first."""
    found = tk.get_action("chervonohrad_feedback_list")(
        {"user": viewer_name()},
        {"package_id": package_id, "published": True, "limit": 100})
    return found["results"]


@helper
def chervonohrad_feedback_open_count(org_id: str) -> int:
    """New and in-progress feedback on the organization's datasets."""
    return (model.Session.query(func.count(Feedback.id))
            .join(model.Package, model.Package.id == Feedback.package_id)
            .filter(model.Package.owner_org == org_id, Feedback.status.in_(OPEN_STATUSES)).scalar())


@helper
def chervonohrad_feedback_can_manage(org_id: str | None) -> bool:
    return bool(tk.current_user.is_authenticated and access.handles_feedback_of(tk.current_user.name, org_id))


@helper
def chervonohrad_captcha() -> dict[str, str] | None:
    """The CAPTCHA widget's settings for visitors who are not logged in, or None."""
    if tk.current_user.is_authenticated:
        return None
    return captcha.provider()


@helper
def chervonohrad_submission_token() -> str:
    """A fresh one-time token for a form's hidden `submission_token`: sending the form twice
    makes one item (feedback.logic.submissions.earlier_submission)."""
    return uuid.uuid4().hex
