"""Survey-to-proposal web application: `create_app()` assembles it.

Configuration, in order (later wins): defaults below, `instance/config.py`, environment
variables prefixed `FLASK_` (e.g. FLASK_DATABASE, FLASK_OUTPUT_DIR, FLASK_SECRET_KEY),
then the mapping a test passes in.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def _instance_secret(app: Flask) -> str:
    """A random secret created once per instance and kept in `instance/secret_key`."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "webapp.sqlite"),
        OUTPUT_DIR="output/",
        SURVEY_FORMS_DIR=str(ROOT / "survey_forms"),
        PROPOSAL_TEMPLATES_DIR=str(ROOT / "proposal_templates"),
        INVITATION_DAYS=60,
        PROPOSAL_LINK_DAYS=30,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_USE_TLS=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_FROM="survey@example.com",
        MAIL_FROM_NAME="",
        RATELIMIT_LOGIN="20 per minute",
        RATELIMIT_SURVEY="60 per minute",
        RATELIMIT_ENABLED=True,
        HUEY_IMMEDIATE=False,
        PREFERRED_URL_SCHEME="http",
        BASE_URL="http://127.0.0.1:5000",
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app)
    if app.config["PREFERRED_URL_SCHEME"] == "https":
        # Flask's own defaults already hold SESSION_COOKIE_SECURE=False, so set, not setdefault.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    from . import db, i18n, notify, proposal_store, triage_store, web  # noqa: F401 (register hooks)
    from .cli import register_cli

    db.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    register_cli(app)
    return app
