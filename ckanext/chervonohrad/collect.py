"""What each room exports, gathered for the plugin's blankets. A new room adds its
modules here and nowhere else."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad.adoption import views as adoption_views
from ckanext.chervonohrad.adoption.logic import action as adoption_action
from ckanext.chervonohrad.adoption.logic import auth as adoption_auth
from ckanext.chervonohrad.adoption.logic import validators as adoption_validators
from ckanext.chervonohrad.common import helpers as common_helpers
from ckanext.chervonohrad.feedback import helpers as feedback_helpers
from ckanext.chervonohrad.feedback import views as feedback_views
from ckanext.chervonohrad.feedback.logic import action as feedback_action
from ckanext.chervonohrad.feedback.logic import auth as feedback_auth
from ckanext.chervonohrad.feedback.logic import validators as feedback_validators
from ckanext.chervonohrad.hromada import helpers as hromada_helpers
from ckanext.chervonohrad.hromada.logic import action as hromada_action
from ckanext.chervonohrad.hromada.logic import auth as hromada_auth
from ckanext.chervonohrad.hromada.logic import validators as hromada_validators
from ckanext.chervonohrad.passport import helpers as passport_helpers
from ckanext.chervonohrad.passport import validators as passport_validators
from ckanext.chervonohrad.passport import views as passport_views
from ckanext.chervonohrad.passport.logic import action as passport_action
from ckanext.chervonohrad.passport.logic import auth as passport_auth
from ckanext.chervonohrad.privacy import helpers as privacy_helpers
from ckanext.chervonohrad.privacy.logic import action as privacy_action
from ckanext.chervonohrad.privacy.logic import auth as privacy_auth
from ckanext.chervonohrad.quality import helpers as quality_helpers
from ckanext.chervonohrad.quality import views as quality_views
from ckanext.chervonohrad.quality.logic import action as quality_action
from ckanext.chervonohrad.quality.logic import auth as quality_auth
from ckanext.chervonohrad.quality.logic import validators as quality_validators
from ckanext.chervonohrad.registration import helpers as registration_helpers
from ckanext.chervonohrad.registration import views as registration_views
from ckanext.chervonohrad.registration.logic import action as registration_action
from ckanext.chervonohrad.registration.logic import auth as registration_auth
from ckanext.chervonohrad.registration.logic import validators as registration_validators
from ckanext.chervonohrad.reports import helpers as reports_helpers
from ckanext.chervonohrad.reports import views as reports_views
from ckanext.chervonohrad.reports.logic import action as reports_action
from ckanext.chervonohrad.reports.logic import auth as reports_auth
from ckanext.chervonohrad.reports.logic import validators as reports_validators


def _merge(*modules: Any, getter: str) -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in modules:
        found.update(getattr(module, getter)())
    return found


def helpers() -> dict[str, Callable[..., Any]]:
    return _merge(common_helpers, passport_helpers, hromada_helpers, registration_helpers, quality_helpers,
                  feedback_helpers, reports_helpers, privacy_helpers, adoption_views, getter="get_helpers")


def validators() -> dict[str, Callable[..., Any]]:
    return _merge(passport_validators, hromada_validators, registration_validators, quality_validators,
                  feedback_validators, reports_validators, adoption_validators, getter="get_validators")


def actions() -> dict[str, Callable[..., Any]]:
    return _merge(passport_action, hromada_action, registration_action, quality_action, feedback_action, reports_action,
                  privacy_action, adoption_action, getter="get_actions")


def auth_functions() -> dict[str, Callable[..., Any]]:
    return _merge(passport_auth, hromada_auth, registration_auth, quality_auth, feedback_auth, reports_auth,
                  privacy_auth, adoption_auth, getter="get_auth_functions")


def blueprints() -> list[Any]:
    return [passport_views.blueprint, registration_views.blueprint, quality_views.blueprint,
            feedback_views.blueprint, reports_views.blueprint, adoption_views.blueprint]
