"""Template helpers of the feedback room."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.feedback import access, captcha
from ckanext.chervonohrad.feedback.logic.action import reject_reason_label, status_label
from ckanext.chervonohrad.feedback.logic.suggestions import status_label as suggestion_status_label
from ckanext.chervonohrad.feedback.model import CATEGORIES, OPEN_STATUSES, REJECT_REASONS, Feedback


def chervonohrad_feedback_categories() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in CATEGORIES.items()]


def chervonohrad_feedback_category_label(code: str) -> str:
    return tk._(CATEGORIES[code]) if code in CATEGORIES else code


def chervonohrad_feedback_status_label(status: str) -> str:
    return status_label(status)


def chervonohrad_feedback_reject_reasons() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in REJECT_REASONS.items()]


def chervonohrad_feedback_reject_reason_label(reason: str | None) -> str:
    return reject_reason_label(reason)


def chervonohrad_suggestion_status_label(status: str) -> str:
    return suggestion_status_label(status)


def chervonohrad_feedback_published(package_id: str) -> list[dict[str, Any]]:
    """Published feedback on a dataset with its answers, newest first."""
    found = tk.get_action("chervonohrad_feedback_list")(
        {"user": tk.current_user.name if tk.current_user.is_authenticated else None},
        {"package_id": package_id, "published": True, "limit": 100})
    return found["results"]


def chervonohrad_feedback_open_count(org_id: str) -> int:
    """New and in-progress feedback on the organization's datasets."""
    return (model.Session.query(func.count(Feedback.id))
            .join(model.Package, model.Package.id == Feedback.package_id)
            .filter(model.Package.owner_org == org_id, Feedback.status.in_(OPEN_STATUSES)).scalar())


def chervonohrad_feedback_can_manage(org_id: str | None) -> bool:
    return bool(tk.current_user.is_authenticated and access.handles_feedback_of(tk.current_user.name, org_id))


def chervonohrad_captcha() -> dict[str, str] | None:
    """The CAPTCHA widget's settings for visitors who are not logged in, or None."""
    if tk.current_user.is_authenticated:
        return None
    return captcha.provider()


def chervonohrad_submission_token() -> str:
    """A fresh one-time token for a form's hidden `submission_token`: sending the form twice
    makes one item (feedback.logic.action.earlier_submission)."""
    return uuid.uuid4().hex


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_") and callable(fn)}
