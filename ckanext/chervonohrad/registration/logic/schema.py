"""What an application must contain. Field checks are the passport room's validators,
so an EDRPOU or an email is judged the same way everywhere."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def application(not_empty, ignore_missing, default, unicode_safe, url_validator, boolean_validator,
                chervonohrad_edrpou, chervonohrad_hromada, chervonohrad_email, chervonohrad_vocabulary,
                chervonohrad_max_length, chervonohrad_iso_date, chervonohrad_email_list, chervonohrad_consent):
    text = [not_empty, unicode_safe, chervonohrad_max_length(500)]
    optional = [ignore_missing, unicode_safe, chervonohrad_max_length(500)]
    return {
        "title": [not_empty, unicode_safe, chervonohrad_max_length(254)],
        "edrpou": [not_empty, unicode_safe, chervonohrad_edrpou],
        "publisher_type": [not_empty, unicode_safe, chervonohrad_vocabulary("publisher_types")],
        "hromada": [not_empty, unicode_safe, chervonohrad_hromada],
        "address": text,
        "website": [ignore_missing, unicode_safe, url_validator],
        "person_name": text,
        "person_position": text,
        "person_email": [not_empty, unicode_safe, chervonohrad_email],
        "person_phone": [not_empty, unicode_safe, chervonohrad_max_length(40)],
        "document_number": optional,
        "document_date": [ignore_missing, chervonohrad_iso_date],
        "publisher_emails": [ignore_missing, chervonohrad_email_list],
        "comment": [ignore_missing, unicode_safe, chervonohrad_max_length(2000)],
        # Required through the API as on the form: a missing consent is a refused one.
        "consent": [default(False), boolean_validator, chervonohrad_consent],
    }


@tk.validator_args
def decision(not_empty, ignore_missing, unicode_safe, chervonohrad_max_length):
    return {
        "id": [not_empty, unicode_safe],
        "comment": [ignore_missing, unicode_safe, chervonohrad_max_length(2000)],
    }


@tk.validator_args
def decision_with_reason(not_empty, unicode_safe, chervonohrad_max_length):
    return {
        "id": [not_empty, unicode_safe],
        "comment": [not_empty, unicode_safe, chervonohrad_max_length(2000)],
    }


@tk.validator_args
def application_list(ignore_missing, unicode_safe, one_of, natural_number_validator, int_validator,
                     chervonohrad_hromada):
    from ckanext.chervonohrad.registration.model import STATES

    return {
        "state": [ignore_missing, unicode_safe, one_of(list(STATES))],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "q": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }
