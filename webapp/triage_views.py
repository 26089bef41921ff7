"""Triage pages: queues per category with filters, one response in detail, overrides."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from .access import account_filter, account_or_404
from .catalog import get_catalog
from .db import get_db
from .forms_base import BaseForm
from .highlight import segments
from .i18n import current_lang
from .i18n import gettext as _
from .importing.accounts import load_account
from .importing.responses import load_response
from .sqlwhere import HAS_PRODUCT, Where
from .surveys import TEXT_ROLES
from .triage import load_rules
from .triage_store import CATEGORIES, set_override
from .users import roles_required

bp = Blueprint("triage", __name__, url_prefix="/triage")
PAGE_SIZE = 100


class OverrideForm(BaseForm):
    category = SelectField("Category", validators=[InputRequired()])
    comment = TextAreaField("Comment", validators=[InputRequired(), Length(max=1000)])


def _override_form() -> OverrideForm:
    form = OverrideForm()
    form.category.choices = [SelectChoice(c, _(c)) for c in CATEGORIES]
    form.category.label.text = _("Category")
    form.comment.label.text = _("Comment")
    return form


def queue_rows(db, category: str, owner: str | None, product: str | None, since: str | None,
               until: str | None, page: int) -> list[dict]:
    """Triaged responses of one category that the current user may see, newest first."""
    where = Where(*account_filter()).add("t.category = ?", category)
    where.add("a.owner = ? COLLATE NOCASE", owner).add(HAS_PRODUCT, product)
    where.add("r.submitted_at >= ?", since).add("r.submitted_at < date(?, '+1 day')", until)
    sql = ("SELECT r.id, r.submitted_at, r.nps, r.lang, a.id AS account, a.name AS account_name,"
           " a.owner, a.mrr, t.approach, t.category, t.auto_category FROM triage t"
           " JOIN responses r ON r.id = t.response JOIN accounts a ON a.id = r.account"
           f" WHERE {where.sql} ORDER BY r.submitted_at DESC LIMIT ? OFFSET ?")
    args = [*where.params, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE]
    return list(db.query(sql, args))


def _valid_day(value: str | None) -> str | None:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@bp.get("/")
@roles_required("admin", "rep")
def queues():
    db = get_db()
    category = request.args.get("category", "ready")
    if category not in CATEGORIES:
        abort(404)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    filters = {"owner": (request.args.get("owner") or "").strip()[:320] or None,
               "product": (request.args.get("product") or "").strip()[:64] or None,
               "since": _valid_day(request.args.get("since")),
               "until": _valid_day(request.args.get("until"))}
    rows = queue_rows(db, category, page=page, **filters)
    where, params = account_filter()
    counts = {r["category"]: r["n"] for r in db.query(
        f"SELECT t.category, count(*) AS n FROM triage t JOIN accounts a ON a.id = t.account"
        f" WHERE {where} GROUP BY t.category", params)}
    owners = [r["owner"] for r in db.query(
        f"SELECT DISTINCT a.owner FROM accounts a WHERE a.owner IS NOT NULL AND {where}"
        f" ORDER BY a.owner", params)]
    return render_template("triage/queues.html", rows=rows[:PAGE_SIZE], has_next=len(rows) > PAGE_SIZE,
                           page=page, category=category, categories=CATEGORIES, counts=counts,
                           filters=filters, filter_args={k: v for k, v in filters.items() if v},
                           owners=owners, catalog=get_catalog(db))


def localized_reasons(row: dict) -> list[str]:
    """Reasons in the reader's language from their codes; the stored English as a fallback."""
    detail = json.loads(row.get("detail") or "{}")
    codes = detail.get("reason_codes") or []
    rules = load_rules()
    if not codes:
        return json.loads(row["reasons"])
    texts = [rules.message(code, current_lang(), **params) for code, params in codes]
    stored = json.loads(row["reasons"])
    return texts + stored[len(codes):]  # lines added after triage (resolution, override)


@bp.route("/r/<response_id>", methods=["GET", "POST"])
@roles_required("admin", "rep")
def response(response_id: str):
    db = get_db()
    record = load_response(db, response_id[:200])
    account = account_or_404(load_account(db, record["account"]) if record else None)
    row = next(db.query("SELECT * FROM triage WHERE response = ?", [record["id"]]), None)
    form = _override_form()
    if request.method == "POST":
        if form.validate_on_submit() and row is not None:
            set_override(db, record["id"], form.category.data, form.comment.data.strip(),
                         current_user.email)
            flash(_("Category changed. The change and its author are kept."), "info")
            return redirect(url_for("triage.response", response_id=record["id"]))
        status = 400
    else:
        status = 200
        if row:
            form.category.data = row["category"]
    findings = list(db.query("SELECT * FROM findings WHERE response = ? ORDER BY seq", [record["id"]]))
    answers = []
    for role in TEXT_ROLES:
        text = record["answers"].get(role)
        if text:
            marks = [(f["text"], f["kind"]) for f in findings if f["role"] in (role, "", None)]
            answers.append((role, segments(str(text), marks)))
    opportunities = list(db.query("SELECT * FROM opportunities WHERE response = ? ORDER BY seq",
                                  [record["id"]]))
    override = next(db.query("SELECT * FROM overrides WHERE response = ?", [record["id"]]), None)
    return render_template(
        "triage/response.html", record=record, account=account, triage=row, findings=findings,
        answers=answers, opportunities=opportunities, override=override, form=form,
        reasons=localized_reasons(row) if row else [], catalog=get_catalog(db)), status
