"""Web plumbing: extensions, blueprints, security headers and friendly error pages."""

from __future__ import annotations

import json

from flask import Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from markupsafe import Markup

from .i18n import gettext as _
from .users import login_manager

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Personal links carry their token in the path: never send it to another site.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


# (endpoint, label, roles that see it) — the main navigation, in order.
NAV = [
    ("admin.index", "Overview", ("admin", "rep", "product")),
    ("admin.targets", "Target list", ("admin",)),
    ("admin.invitations", "Invitations", ("admin",)),
    ("reps.cases", "My ready cases", ("admin", "rep")),
    ("triage.queues", "Triage", ("admin", "rep")),
    ("reports.dashboard", "Dashboard", ("admin", "product")),
    ("reports.complaints", "Complaints", ("admin", "product")),
    ("reports.future_needs", "Future needs", ("admin", "product")),
    ("admin.responses", "Responses", ("admin", "rep")),
    ("admin.accounts", "Accounts", ("admin", "rep")),
    ("admin.catalog", "Catalog", ("admin",)),
    ("admin.import_files", "Import", ("admin",)),
    ("admin.users", "Users", ("admin",)),
    ("admin.settings", "Settings", ("admin",)),
]


def _error_page(status: int, title: str, message: str):
    return render_template("error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(
        nav_items=lambda: [n for n in NAV if n[0] in app.view_functions],
        has_endpoint=lambda name: name in app.view_functions,
        csrf_token_field=lambda: Markup(
            f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'),
    )
    app.jinja_env.filters["fromjson"] = json.loads

    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .home import bp as home_bp
    from .reports_views import bp as reports_bp
    from .reps import bp as reps_bp
    from .reps import public as public_bp
    from .survey import bp as survey_bp
    from .triage_views import bp as triage_bp

    for blueprint in (home_bp, auth_bp, survey_bp, admin_bp, triage_bp, reps_bp, public_bp,
                      reports_bp):
        app.register_blueprint(blueprint)

    @app.errorhandler(404)
    def not_found(_e):
        return _error_page(404, _("Page not found"), _(
            "This link is not valid or no longer available. If you received it by e-mail, "
            "please check that the whole address was copied, or contact the sender."))

    @app.errorhandler(405)
    def not_allowed(_e):
        return _error_page(405, _("Not allowed"), _("This page cannot be used that way."))

    @app.errorhandler(413)
    def too_large(_e):
        return _error_page(413, _("File too large"), _(
            "The file is larger than {mb} MB.", mb=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)))

    @app.errorhandler(CSRFError)
    def csrf_failed(_e):
        return _error_page(400, _("Please try again"), _(
            "The form had expired or was sent from another page. Reload the page and send it again."))

    @app.errorhandler(400)
    def bad_request(_e):
        return _error_page(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(429)
    def too_many(_e):
        return _error_page(429, _("Too many attempts"), _("Please wait a minute and try again."))

    @app.errorhandler(500)
    def server_error(_e):
        return _error_page(500, _("Something went wrong"), _(
            "Your data is safe. Please try again in a moment."))
