"""Admin pages: imports, lists, target list, invitations and users."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import imports, invitations, lists, settings_page, users  # noqa: E402,F401 (routes)
