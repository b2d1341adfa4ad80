"""CSRF checks for every form a logged-in user posts, whatever CKAN decided about the view.

CKAN exempts requests identified through the Authorization header (API tokens), and, since
2.11, requests of visitors who are not logged in. CKAN 2.12.0 does so with `csrf.exempt(view)`,
which exempts the *view* for good: after one anonymous request, the same view's form accepts a
logged-in user's post without a token, from any site. Posts that come with the session cookie
(no Authorization header) are checked here, before CKAN's own check, on every CKAN version."""
from __future__ import annotations

import flask

blueprint = flask.Blueprint("chervonohrad_csrf", __name__)


@blueprint.before_app_request
def _check_session_posts() -> None:
    app = flask.current_app
    if not app.config.get("WTF_CSRF_ENABLED", True) or "csrf" not in app.extensions:
        return
    if flask.request.method not in app.config.get("WTF_CSRF_METHODS", ("POST", "PUT", "PATCH", "DELETE")):
        return
    # CKAN sets this when the session cookie identified nobody (a visitor, or an API token).
    if flask.g.get("login_via_auth_header") or flask.request.headers.get("Authorization"):
        return
    app.extensions["csrf"].protect()  # a CSRFError is CKAN's 400 page
