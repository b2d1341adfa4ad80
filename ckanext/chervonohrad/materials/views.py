"""Pages of the materials room."""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("chervonohrad_materials", __name__)
