"""Checks on what strangers type: plain text only (no control characters or binary junk),
names without markup characters. Messages may mention `<script>`: they are stored as
typed and always rendered escaped."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.chervonohrad.passport.validators import _fail

# C0 controls except tab, line feed and carriage return; DEL and C1 controls; lone surrogates;
# the replacement character that undecodable bytes turn into.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


def chervonohrad_strip(key, data, errors, context):
    value = data.get(key)
    if isinstance(value, str):
        data[key] = value.strip()


def chervonohrad_plain_text(key, data, errors, context):
    value = data.get(key)
    if value is missing or value is None:
        return
    if not isinstance(value, str):
        _fail(key, errors, tk._("Must be text"))
    if _NOT_TEXT.search(value):
        _fail(key, errors, tk._("Contains characters that are not text (control characters or binary data)"))


def chervonohrad_no_markup(key, data, errors, context):
    value = data.get(key)
    if isinstance(value, str) and re.search(r"[<>]", value):
        _fail(key, errors, tk._("Must not contain the characters < and >"))


# What the forms put into their hidden `submission_token` (uuid4 hex); API callers may send
# any token of this shape, or none.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def chervonohrad_submission_token(key, data, errors, context):
    value = data.get(key)
    if value is missing or value is None or value == "":
        return
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        _fail(key, errors, tk._("Must be 16 to 64 letters, digits, - or _"))


def get_validators() -> dict[str, Callable[..., Any]]:
    return {"chervonohrad_strip": chervonohrad_strip, "chervonohrad_plain_text": chervonohrad_plain_text,
            "chervonohrad_no_markup": chervonohrad_no_markup,
            "chervonohrad_submission_token": chervonohrad_submission_token}
