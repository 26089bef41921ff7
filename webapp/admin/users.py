"""Manage logins."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..db import get_db
from ..i18n import gettext as _
from ..users import UserError, create_user, roles_required
from . import bp
from .forms import UserForm, translate_labels


@bp.route("/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    db = get_db()
    form = translate_labels(UserForm())
    status = 200
    if form.validate_on_submit():
        try:
            create_user(db, form.email.data, form.role.data, form.password.data, form.name.data or None)
            flash(_("User {email} created.", email=form.email.data), "info")
            return redirect(url_for("admin.users"))
        except UserError as exc:
            form.email.errors.append(str(exc))
            status = 400
    elif request.method == "POST":
        status = 400
    rows = list(db.query("SELECT id, email, name, role, active, created_at FROM users ORDER BY email"))
    return render_template("admin/users.html", form=form, rows=rows), status
