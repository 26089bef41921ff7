"""Logins: admins, sales reps and product-team members, with hashed passwords.

Passwords are hashed with werkzeug's scrypt (memory-hard); the hash carries its own
parameters so a stronger setting later still verifies old hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort
from flask_login import LoginManager, UserMixin, current_user
from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from .db import get_db, now
from .i18n import gettext as _
from .importing.fields import EMAIL_RE

ROLES = ("admin", "rep", "product")
MIN_PASSWORD = 8


@dataclass
class User(UserMixin):
    id: int
    email: str
    role: str
    name: str | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def sees_all_accounts(self) -> bool:
        return self.role == "admin"


class UserError(ValueError):
    pass


def create_user(db: Database, email: str, role: str, password: str, name: str | None = None) -> User:
    email = (email or "").strip()
    if not EMAIL_RE.match(email):
        raise UserError(_("'{email}' is not an e-mail address", email=email))
    if role not in ROLES:
        raise UserError(_("role must be one of: {roles}", roles=", ".join(ROLES)))
    if len(password or "") < MIN_PASSWORD:
        raise UserError(_("the password needs at least {n} characters", n=MIN_PASSWORD))
    if next(db.query("SELECT 1 FROM users WHERE email = ?", [email]), None):
        raise UserError(_("a user with e-mail '{email}' already exists", email=email))
    with db.atomic():
        uid = db["users"].insert({
            "email": email, "role": role, "name": name, "created_at": now(),
            "password_hash": generate_password_hash(password, method="scrypt"),
        }).last_pk
    return User(uid, email, role, name)


def authenticate(db: Database, email: str, password: str) -> User | None:
    row = next(db.query("SELECT * FROM users WHERE email = ? AND active = 1", [email or ""]), None)
    if row is None:
        check_password_hash(generate_password_hash("x", method="scrypt"), password or "")
        return None
    if not check_password_hash(row["password_hash"], password or ""):
        return None
    return User(row["id"], row["email"], row["role"], row["name"])


login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if not str(user_id).isdigit():
        return None
    row = next(get_db().query("SELECT * FROM users WHERE id = ? AND active = 1", [int(user_id)]), None)
    return User(row["id"], row["email"], row["role"], row["name"]) if row else None


@login_manager.unauthorized_handler
def _unauthorized():
    from flask import redirect, request, url_for

    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


def roles_required(*roles: str):
    """Only logged-in users with one of `roles`; others get 404 so nothing leaks."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator
