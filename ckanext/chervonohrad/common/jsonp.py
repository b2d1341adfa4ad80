"""JSONP answers are for anyone's page to read, so they never carry what only a logged-in
user may see.

CKAN's API wraps a GET answer in `callback(...)` when asked (`?callback=`), and a
<script src> on another site is sent with the visitor's cookies unless the browser's
SameSite rules hold them back. CKAN 2.11's action API already answers such a request as
anonymous; its other API views (the /api/2/util/… autocompletes, for one) do not. So for
every JSONP request the logged-in user is set aside for that one request, before any view
runs: it is answered exactly as an anonymous visitor would be. The session itself is not
touched (the visitor stays logged in for their next ordinary request).
"""
from __future__ import annotations

import flask
from flask_login import current_user

from ckan.logic import NotAuthorized


def is_jsonp(request: flask.Request) -> bool:
    return request.method == "GET" and "callback" in request.args


def register(app: flask.Flask) -> None:
    """Runs after CKAN's own before-request step (which identified the user)."""

    @app.before_request
    def _jsonp_is_anonymous():
        if is_jsonp(flask.request) and current_user.is_authenticated:
            flask.g._login_user = app.login_manager.anonymous_user()
            flask.g.user = ""
            flask.g.userobj = None
            flask.g.author = flask.g.get("remote_addr", "")

    @app.errorhandler(NotAuthorized)
    def _jsonp_refused(error):
        # A view that lets NotAuthorized escape (core's autocompletes, asked as anonymous)
        # answers a JSONP request with a plain 403; anything else goes on as before.
        if not is_jsonp(flask.request):
            raise error
        return flask.jsonify({"success": False, "error": {"__type": "Authorization Error",
                                                          "message": "Access denied"}}), 403
