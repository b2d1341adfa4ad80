"""Typed getters for this extension's options (declared in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def regional_admins() -> list[str]:
    """User ids or names of the accounts who act as regional administrators besides sysadmins
    (common.admins decides who is one)."""
    return tk.aslist(tk.config.get("ckanext.chervonohrad.regional_admins"))


def editor_invitation_days() -> int:
    """Days a listed person may accept becoming an editor of an approved publisher."""
    return tk.config.get("ckanext.chervonohrad.editor_invitation_days")


def council_katottg() -> str:
    """KATOTTG code of the council this portal instance is set up for."""
    return tk.config.get("ckanext.chervonohrad.council_katottg")


def worker_heartbeat_max_age() -> int:
    """Seconds after which a silent jobs worker is reported as stale."""
    return tk.config.get("ckanext.chervonohrad.worker_heartbeat_max_age")


def search_qf() -> str:
    """Solr query fields with boosts for free-text dataset search."""
    return tk.config.get("ckanext.chervonohrad.search_qf")


def quality_threshold() -> int:
    """The score at which a dataset meets the recommendations."""
    return tk.config.get("ckanext.chervonohrad.quality_threshold")


def link_check_timeout() -> int:
    """Seconds a link check waits to connect, and then for each read of the answer."""
    return tk.config.get("ckanext.chervonohrad.link_check_timeout")


def link_check_max_bytes() -> int:
    """The most bytes of a resource's body one link check reads."""
    return tk.config.get("ckanext.chervonohrad.link_check_max_bytes")


def link_check_huge_bytes() -> int:
    """A declared size above which a link check notes a large file (it never downloads one)."""
    return tk.config.get("ckanext.chervonohrad.link_check_huge_bytes")


def reminder_days_before() -> int:
    """Days before a dataset is due for an update that its people are reminded."""
    return max(0, tk.config.get("ckanext.chervonohrad.reminder_days_before"))


def reminder_hour() -> int:
    """The Kyiv hour from which the day's update reminders are sent."""
    return min(23, max(0, tk.config.get("ckanext.chervonohrad.reminder_hour")))


def feedback_reminder_working_days() -> int:
    """Working days an item of feedback may wait for an answer before its publisher is reminded."""
    return max(1, tk.config.get("ckanext.chervonohrad.feedback_reminder_working_days"))


def scorecard_deadline_days() -> int:
    """Days after a quarter's end by which its scorecard is due at the ministry (0: none said)."""
    return max(0, tk.config.get("ckanext.chervonohrad.scorecard_deadline_days"))


def link_checks_on_change() -> bool:
    """Whether creating or changing a dataset queues a check of its resources' links."""
    return tk.config.get("ckanext.chervonohrad.link_checks_on_change")


def structure_checks_on_change() -> bool:
    """Whether a change of a dataset queues the validation of its data against its structure."""
    return tk.config.get("ckanext.chervonohrad.structure_checks_on_change")


def structure_max_rows() -> int:
    """The most data rows one structure validation reads from a resource."""
    return tk.config.get("ckanext.chervonohrad.structure_max_rows")


def structure_max_bytes() -> int:
    """The most bytes of one data file a structure validation reads (the option is in MB)."""
    return tk.config.get("ckanext.chervonohrad.structure_max_mb") * 1024 * 1024


def structure_report_errors() -> int:
    """How many errors a structure report keeps (and the resource page shows)."""
    return tk.config.get("ckanext.chervonohrad.structure_report_errors")


def link_check_allowed_hosts() -> list[str]:
    """Host names, addresses or networks a link check may fetch although they are not public."""
    return tk.aslist(tk.config.get("ckanext.chervonohrad.link_check_allowed_hosts"))


def harvest_allowed_hosts() -> list[str]:
    """Hosts (`host:port` for one port only), addresses or networks the harvester may fetch
    although they are not public."""
    return tk.aslist(tk.config.get("ckanext.chervonohrad.harvest_allowed_hosts"))


def feedback_rate_limit_per_ip() -> int:
    """How many feedback items or suggestions one IP address may send per window (0: no limit)."""
    return tk.config.get("ckanext.chervonohrad.feedback_rate_limit_per_ip")


def feedback_rate_limit_per_email() -> int:
    """How many feedback items or suggestions one email address may send per window (0: no limit)."""
    return tk.config.get("ckanext.chervonohrad.feedback_rate_limit_per_email")


def feedback_rate_limit_window() -> int:
    """The rate limits' window, in seconds."""
    return tk.config.get("ckanext.chervonohrad.feedback_rate_limit_window")


def feedback_rate_limit_per_dataset() -> int:
    """How many feedback items one dataset may receive per hour, from everyone together (0: no limit)."""
    return tk.config.get("ckanext.chervonohrad.feedback_rate_limit_per_dataset")


def trusted_proxies() -> int:
    """How many reverse proxies in front of CKAN append to X-Forwarded-For (0: none, the header is ignored)."""
    return tk.config.get("ckanext.chervonohrad.trusted_proxies")


def mail_failed_keep_days() -> int:
    """Days an email that could not be delivered (or queued) is kept before it is dropped unsent."""
    return tk.config.get("ckanext.chervonohrad.mail_failed_keep_days")


def captcha_provider() -> str:
    """`recaptcha`, `hcaptcha`, `turnstile`, or empty for no CAPTCHA."""
    return (tk.config.get("ckanext.chervonohrad.captcha_provider") or "").strip().lower()


def captcha_site_key() -> str:
    return tk.config.get("ckanext.chervonohrad.captcha_site_key") or ""


def captcha_secret_key() -> str:
    return tk.config.get("ckanext.chervonohrad.captcha_secret_key") or ""


def register_regenerate_on_change() -> bool:
    """Whether a change of a dataset queues the regeneration of its publisher's published register."""
    return tk.config.get("ckanext.chervonohrad.register_regenerate_on_change")


def personal_data_retention_months() -> int:
    """Months after an item is closed that its sender's personal data are kept (then anonymised)."""
    return tk.config.get("ckanext.chervonohrad.personal_data_retention_months")


def materials_max_mb() -> int:
    """The largest file, in MB, of a methodological material."""
    return tk.config.get("ckanext.chervonohrad.materials_max_mb")


def site_title_en() -> str:
    """The portal's name on English pages and in the English part of emails ("": ckan.site_title)."""
    return tk.config.get("ckanext.chervonohrad.site_title_en") or ""


def site_description_en() -> str:
    """The portal's description on English pages ("": ckan.site_description)."""
    return tk.config.get("ckanext.chervonohrad.site_description_en") or ""
