"""What feedback and suggestions must contain. Emails and lengths are judged by the
passport room's validators, consent by the registration room's."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.validation import by_id  # noqa: F401  the rooms' id-only schema
from ckanext.chervonohrad.feedback.model import (
    CATEGORIES,
    MESSAGE_MAX,
    REJECT_REASONS,
    STATUSES,
    SUGGESTION_STATUSES,
)


def _text(limit, not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
          chervonohrad_max_length, required=True):
    return [not_empty if required else ignore_missing, unicode_safe, chervonohrad_strip,
            chervonohrad_plain_text, not_empty if required else ignore_missing, chervonohrad_max_length(limit)]


def _sender(common) -> dict:
    """Who sends feedback or a suggestion: an optional name and email, the consent to keep them,
    and the anti-abuse fields (CAPTCHA answer, the form's one-time token)."""
    ignore_missing, unicode_safe, strip = common[1], common[2], common[3]
    v = tk.get_validator
    return {
        "name": _text(200, *common, required=False) + [v("chervonohrad_no_markup")],
        "email": [ignore_missing, unicode_safe, strip, ignore_missing, v("chervonohrad_max_length")(254),
                  v("chervonohrad_email")],
        "consent": [v("default")(False), v("boolean_validator"), v("chervonohrad_consent")],
        "captcha_response": [ignore_missing, unicode_safe],
        "submission_token": [ignore_missing, unicode_safe, strip, v("chervonohrad_submission_token")],
    }


@tk.validator_args
def feedback_create(not_empty, ignore_missing, unicode_safe, one_of, chervonohrad_strip, chervonohrad_plain_text,
                    chervonohrad_max_length):
    common = (not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
              chervonohrad_max_length)
    return {
        "package_id": [not_empty, unicode_safe],
        "resource_id": [ignore_missing, unicode_safe, chervonohrad_strip],
        "category": [not_empty, unicode_safe, one_of(list(CATEGORIES))],
        "message": _text(MESSAGE_MAX, *common),
        **_sender(common),
    }


@tk.validator_args
def feedback_update_status(not_empty, ignore_missing, unicode_safe, one_of, chervonohrad_strip,
                           chervonohrad_plain_text, chervonohrad_max_length):
    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe, one_of(list(STATUSES))],
        "reject_reason": [ignore_missing, unicode_safe, one_of(list(REJECT_REASONS))],
        "comment": _text(2000, not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
                         chervonohrad_max_length, required=False),
    }


@tk.validator_args
def feedback_answer(not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
                    chervonohrad_max_length, boolean_validator):
    return {
        "id": [not_empty, unicode_safe],
        "answer": _text(MESSAGE_MAX, not_empty, ignore_missing, unicode_safe, chervonohrad_strip,
                        chervonohrad_plain_text, chervonohrad_max_length),
        "publish": [ignore_missing, boolean_validator],
    }


@tk.validator_args
def feedback_publish(not_empty, unicode_safe, default, boolean_validator):
    return {"id": [not_empty, unicode_safe], "published": [default(True), boolean_validator]}


@tk.validator_args
def feedback_list(ignore_missing, unicode_safe, one_of, boolean_validator, natural_number_validator,
                  int_validator, chervonohrad_hromada):
    return {
        "organization_id": [ignore_missing, unicode_safe],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "package_id": [ignore_missing, unicode_safe],
        "status": [ignore_missing, unicode_safe, one_of(list(STATUSES) + ["open"])],
        "category": [ignore_missing, unicode_safe, one_of(list(CATEGORIES))],
        "published": [ignore_missing, boolean_validator],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }



@tk.validator_args
def suggestion_create(not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
                      chervonohrad_max_length, chervonohrad_list835_item):
    common = (not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
              chervonohrad_max_length)
    return {
        "title": _text(254, *common),
        "description": _text(4000, *common),
        "reason": _text(2000, *common),
        "list835_item": [ignore_missing, unicode_safe, chervonohrad_strip, ignore_missing, chervonohrad_list835_item],
        **_sender(common),
    }


@tk.validator_args
def suggestion_update_status(not_empty, ignore_missing, unicode_safe, one_of, chervonohrad_strip,
                             chervonohrad_plain_text, chervonohrad_max_length):
    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe, one_of(list(SUGGESTION_STATUSES))],
        "package_id": [ignore_missing, unicode_safe, chervonohrad_strip],
        "reason": _text(2000, not_empty, ignore_missing, unicode_safe, chervonohrad_strip, chervonohrad_plain_text,
                        chervonohrad_max_length, required=False),
    }


@tk.validator_args
def suggestion_list(ignore_missing, unicode_safe, one_of, natural_number_validator, int_validator):
    return {
        "status": [ignore_missing, unicode_safe, one_of(list(SUGGESTION_STATUSES))],
        "sort": [ignore_missing, unicode_safe, one_of(["votes", "newest"])],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }
