"""Checks on what strangers type: plain text only (no control characters or binary junk),
names without markup characters. Messages may mention `<script>`: they are stored as
typed and always rendered escaped."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail

# C0 controls except tab, line feed and carriage return; DEL and C1 controls; lone surrogates;
# the replacement character that undecodable bytes turn into.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


@validator
def chervonohrad_strip(key, data, errors, context):
    value = data.get(key)
    if isinstance(value, str):
        data[key] = value.strip()


@validator
def chervonohrad_plain_text(key, data, errors, context):
    value = data.get(key)
    if value is missing or value is None:
        return
    if not isinstance(value, str):
        fail(key, errors, tk._("Must be text"))
    if _NOT_TEXT.search(value):
        fail(key, errors, tk._("Contains characters that are not text (control characters or binary data)"))


@validator
def chervonohrad_no_markup(key, data, errors, context):
    value = data.get(key)
    if isinstance(value, str) and re.search(r"[<>]", value):
        fail(key, errors, tk._("Must not contain the characters < and >"))


# What the forms put into their hidden `submission_token` (uuid4 hex); API callers may send
# any token of this shape, or none.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@validator
def chervonohrad_submission_token(key, data, errors, context):
    value = data.get(key)
    if value is missing or value is None or value == "":
        return
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        fail(key, errors, tk._("Must be 16 to 64 letters, digits, - or _"))
