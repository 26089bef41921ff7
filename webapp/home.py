"""The start page: sends each logged-in person to the page of their role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

bp = Blueprint("home", __name__)

ROLE_HOME = {"admin": "admin.index", "rep": "reps.cases", "product": "reports.dashboard"}


def role_home(role: str) -> str:
    return url_for(ROLE_HOME.get(role, "admin.index"))


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(role_home(current_user.role))
    return render_template("home.html")
