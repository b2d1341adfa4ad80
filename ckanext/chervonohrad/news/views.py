"""Pages of the news room."""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("chervonohrad_news", __name__)
