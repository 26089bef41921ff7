"""Admin pages: imports, lists, target list, invitations and users."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import imports, invitations, lists, users  # noqa: E402,F401  (routes register on bp)
