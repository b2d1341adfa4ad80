"""What every stranger's submission goes through, feedback and suggestions alike: its input
validated, the CAPTCHA and rate limits (`check_stranger`), a form sent twice making one item
(`earlier_submission`, `commit_once`), and the names and links their emails use. Both
feedback.logic.action and feedback.logic.suggestions read it; it reads neither."""
from __future__ import annotations

import logging
from typing import Any

import flask
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import ratelimit
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.feedback import access, captcha

log = logging.getLogger(__name__)


def validated(data_dict: dict[str, Any], schema_: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    data, errors = tk.navl_validate(data_dict, schema_, context)
    if errors:
        raise tk.ValidationError(errors)
    return {k: (None if v == "" else v) for k, v in data.items()}


def remote_addr(context: dict[str, Any]) -> str | None:
    """The client's address: the request's (behind trusted proxies, the one they forwarded:
    common.ratelimit.install_proxy_fix), or the one a caller put into the context."""
    if context.get("remote_addr"):
        return context["remote_addr"]
    return flask.request.remote_addr if flask.has_request_context() else None


DATASET_WINDOW = 3600  # the per-dataset limit counts an hour


def _refuse_over_limit(message: str, retry_after: int) -> None:
    raise ratelimit.RateLimited(message.format(minutes=max(1, (retry_after + 59) // 60)), retry_after)


def check_stranger(context: dict[str, Any], data: dict[str, Any], bucket: str, email: str | None,
                   dataset_id: str | None = None) -> None:
    """CAPTCHA (for visitors who are not logged in, when configured) and the rate limits
    per visitor (an IP address, an IPv6 /64), per email and, given `dataset_id`, per dataset
    (everyone's items on it within an hour). Regional administrators are never limited."""
    user_name = context.get("user")
    if is_regional_admin(user_name):
        return
    if access.user_of(user_name) is None and not captcha.verify(data.get("captcha_response"), remote_addr(context)):
        raise tk.ValidationError({"captcha": [tk._("Please confirm that you are not a robot")]})
    window = config.feedback_rate_limit_window()
    for kind, who, limit in (("ip", ratelimit.client_key(remote_addr(context)), config.feedback_rate_limit_per_ip()),
                             ("email", email, config.feedback_rate_limit_per_email())):
        allowed, retry_after = ratelimit.hit(f"{bucket}:{kind}", who, limit, window)
        if not allowed:
            _refuse_over_limit(tk._("Too many messages from you in a short time. Please try again in {minutes} min."),
                               retry_after)
    if dataset_id:
        allowed, retry_after = ratelimit.hit(f"{bucket}:dataset", dataset_id, config.feedback_rate_limit_per_dataset(),
                                             DATASET_WINDOW)
        if not allowed:
            _refuse_over_limit(tk._("This dataset has received too many messages in the last hour. "
                                    "Please try again in {minutes} min."), retry_after)


def earlier_submission(cls: type, token: str | None, **same: Any) -> tuple[Any, str | None]:
    """(the item this form already made, the token to store). A form carries a one-time
    `submission_token`; sent again (a double click, a reload of the POST), it finds the first
    item, which is then the answer. Only when the same content comes with it: a token on
    something else (a page a shared cache served to two people) makes no resubmission, and
    the new item is stored without a token."""
    if not token:
        return None, None
    first = model.Session.query(cls).filter(cls.submission_token == token).one_or_none()
    if first is None:
        return None, token
    if all(getattr(first, field) == value for field, value in same.items()):
        return first, token
    log.warning("a %s form's token came back with other content; stored as a new item", cls.__tablename__)
    return None, None


def commit_once(item: Any, token: str | None, **same: Any) -> Any:
    """Commit a new item; when the same form's other submit committed first (the unique
    constraint on its token refuses this one), that first item is the result."""
    model.Session.add(item)
    try:
        model.Session.commit()
    except IntegrityError:
        model.Session.rollback()
        first, _ = earlier_submission(type(item), token, **same)
        if first is None:
            raise
        return first
    return item


def user_name(user_id: str | None) -> str | None:
    user = model.Session.get(model.User, user_id) if user_id else None
    return user.name if user else None


def site_url(path: str) -> str:
    return tk.config.get("ckan.site_url").rstrip("/") + path
