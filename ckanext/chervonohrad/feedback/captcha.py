"""An optional CAPTCHA for visitors who are not logged in (off unless configured).

Each provider is a widget script, the form field its widget fills, and a verify URL
that takes the secret and the answer. Nothing here runs unless
`ckanext.chervonohrad.captcha_provider` names a provider.
"""
from __future__ import annotations

import logging
from typing import Any

import requests

from ckanext.chervonohrad import config

log = logging.getLogger(__name__)

PROVIDERS: dict[str, dict[str, str]] = {
    "recaptcha": {
        "script": "https://www.google.com/recaptcha/api.js",
        "widget_class": "g-recaptcha",
        "field": "g-recaptcha-response",
        "verify": "https://www.google.com/recaptcha/api/siteverify",
    },
    "hcaptcha": {
        "script": "https://js.hcaptcha.com/1/api.js",
        "widget_class": "h-captcha",
        "field": "h-captcha-response",
        "verify": "https://api.hcaptcha.com/siteverify",
    },
    "turnstile": {
        "script": "https://challenges.cloudflare.com/turnstile/v0/api.js",
        "widget_class": "cf-turnstile",
        "field": "cf-turnstile-response",
        "verify": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    },
}
TIMEOUT = 10


def provider() -> dict[str, str] | None:
    """The configured provider's settings with the site key, or None when CAPTCHA is off."""
    name = config.captcha_provider()
    if not name:
        return None
    if name not in PROVIDERS:
        raise ValueError(f"ckanext.chervonohrad.captcha_provider: unknown provider {name!r}")
    return dict(PROVIDERS[name], name=name, site_key=config.captcha_site_key())


def answer_from(form: Any) -> str:
    """The widget's answer in a posted form ('' when CAPTCHA is off)."""
    settings = provider()
    return (form.get(settings["field"]) or "") if settings else ""


def verify(answer: str | None, remote_ip: str | None = None) -> bool:
    """Ask the provider whether the answer is a solved CAPTCHA. True when CAPTCHA is off."""
    settings = provider()
    if settings is None:
        return True
    if not answer:
        return False
    data = {"secret": config.captcha_secret_key(), "response": answer}
    if remote_ip:
        data["remoteip"] = remote_ip
    try:
        reply = requests.post(settings["verify"], data=data, timeout=TIMEOUT)
        return bool(reply.json().get("success"))
    except (requests.RequestException, ValueError) as error:
        log.warning("CAPTCHA verification with %s failed: %s", settings["name"], error)
        return False
