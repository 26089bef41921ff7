"""Sales reps: my ready cases, downloads, outcome, approval, customer links, hot leads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user
from wtforms import IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .access import account_filter, can_see_account
from .catalog import get_catalog
from .db import get_db, now
from .forms_base import BaseForm
from .i18n import gettext as _
from .importing.accounts import load_account
from .jobs import enqueue_render
from .links import external_url
from .proposal_store import STATUSES, file_path, render_proposal
from .settings import get_settings
from .tokens import new_token, well_formed
from .users import roles_required

bp = Blueprint("reps", __name__, url_prefix="/reps")
public = Blueprint("public", __name__)

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class StatusForm(BaseForm):
    status = SelectField("Status", validators=[InputRequired()])
    amount = IntegerField("Won monthly amount", validators=[Optional(), NumberRange(min=0, max=10**10)])
    note = TextAreaField("Note (reason when lost)", validators=[Optional(), Length(max=1000)])


class ActionForm(BaseForm):
    """A button with only a CSRF token."""


def status_form() -> StatusForm:
    form = StatusForm()
    form.status.choices = [SelectChoice(s, _(s)) for s in STATUSES if s != "draft"]
    for field in form:
        if field.label is not None:
            field.label.text = _(field.label.text)
    return form


def my_cases(db) -> list[dict]:
    """Ready proposals of the user's accounts: hot leads first, then revenue, NPS, renewal."""
    where, params = account_filter()
    rows = list(
        db.query(
            f"SELECT p.*, a.name AS account_name, a.mrr, a.renewal_date, a.hot_lead_at, a.owner,"
            f" r.nps, t.approach FROM proposals p JOIN accounts a ON a.id = p.account"
            f" JOIN responses r ON r.id = p.response LEFT JOIN triage t ON t.response = p.response"
            f" WHERE {where}"
            f" ORDER BY (a.hot_lead_at IS NULL), a.mrr DESC, coalesce(r.nps, -1) DESC,"
            f" coalesce(a.renewal_date, '9999') ASC, p.id",
            params,
        )
    )
    return rows


@bp.get("/")
@roles_required("admin", "rep")
def cases():
    db = get_db()
    return render_template("reps/cases.html", rows=my_cases(db), catalog=get_catalog(db))


def proposal_or_404(proposal_id: int) -> tuple[dict, dict]:
    db = get_db()
    proposal = next(db.query("SELECT * FROM proposals WHERE id = ?", [proposal_id]), None)
    account = load_account(db, proposal["account"]) if proposal else None
    if not can_see_account(account):
        abort(404)
    return proposal, account


@bp.get("/proposals/<int:proposal_id>")
@roles_required("admin", "rep")
def proposal(proposal_id: int):
    db = get_db()
    proposal, account = proposal_or_404(proposal_id)
    links = list(db.query("SELECT * FROM proposal_links WHERE proposal = ? ORDER BY id DESC", [proposal_id]))
    for link in links:
        link["url"] = external_url("public.proposal_pdf", token=link["token"])
    events = list(
        db.query("SELECT * FROM proposal_events WHERE proposal = ? ORDER BY id DESC", [proposal_id])
    )
    downloads = list(
        db.query("SELECT * FROM downloads WHERE proposal = ? ORDER BY id DESC LIMIT 50", [proposal_id])
    )
    return render_template(
        "reps/proposal.html",
        proposal=proposal,
        account=account,
        links=links,
        events=events,
        downloads=downloads,
        form=status_form(),
        action=ActionForm(),
        settings=get_settings(db),
        catalog=get_catalog(db),
    )


@bp.get("/proposals/<int:proposal_id>.<fmt>")
@roles_required("admin", "rep")
def download(proposal_id: int, fmt: str):
    if fmt not in MIMETYPES:
        abort(404)
    proposal, _account = proposal_or_404(proposal_id)
    path = file_path(proposal, fmt)
    if path is None:
        abort(404)
    db = get_db()
    with db.atomic():
        db["downloads"].insert(
            {"proposal": proposal_id, "link": None, "who": current_user.email, "format": fmt, "at": now()}
        )
    return send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True, download_name=path.name)


@bp.post("/proposals/<int:proposal_id>/status")
@roles_required("admin", "rep")
def set_status(proposal_id: int):
    db = get_db()
    proposal, _account = proposal_or_404(proposal_id)
    form = status_form()
    if not form.validate_on_submit():
        flash(_("Choose a status."), "error")
        return redirect(url_for("reps.proposal", proposal_id=proposal_id))
    status = form.status.data
    if status == "sent" and get_settings(db).approval_required and not proposal["approved_at"]:
        flash(_("This proposal needs an admin's approval before it is sent."), "error")
        return redirect(url_for("reps.proposal", proposal_id=proposal_id))
    if status == "won" and not form.amount.data:
        flash(_("Enter the won monthly amount."), "error")
        return redirect(url_for("reps.proposal", proposal_id=proposal_id))
    if status == "lost" and not (form.note.data or "").strip():
        flash(_("Enter the reason it was lost."), "error")
        return redirect(url_for("reps.proposal", proposal_id=proposal_id))
    stamp = now()
    with db.atomic():
        db["proposals"].update(
            proposal_id,
            {
                "status": status,
                "status_note": (form.note.data or "").strip() or None,
                "won_amount": form.amount.data if status == "won" else None,
                "updated_at": stamp,
            },
        )
        db["proposal_events"].insert(
            {
                "proposal": proposal_id,
                "status": status,
                "note": (form.note.data or "").strip() or None,
                "amount": form.amount.data,
                "author": current_user.email,
                "at": stamp,
            }
        )
    flash(_("Status saved."), "info")
    return redirect(url_for("reps.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/approve")
@roles_required("admin")
def approve(proposal_id: int):
    db = get_db()
    proposal_or_404(proposal_id)
    if ActionForm().validate_on_submit():
        with db.atomic():
            db["proposals"].update(proposal_id, {"approved_by": current_user.email, "approved_at": now()})
        flash(_("Approved."), "info")
    return redirect(url_for("reps.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/regenerate")
@roles_required("admin", "rep")
def regenerate(proposal_id: int):
    db = get_db()
    proposal_or_404(proposal_id)
    if ActionForm().validate_on_submit():
        try:
            render_proposal(db, proposal_id)
            flash(_("A new version was made."), "info")
        except Exception:  # noqa: BLE001 - recorded on the proposal; the queue retries it
            enqueue_render(proposal_id)
            flash(_("The documents could not be made now; they will be retried."), "error")
    return redirect(url_for("reps.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/links")
@roles_required("admin", "rep")
def create_link(proposal_id: int):
    db = get_db()
    proposal, _account = proposal_or_404(proposal_id)
    if ActionForm().validate_on_submit() and proposal["state"] == "ready":
        days = int(current_app.config["PROPOSAL_LINK_DAYS"])
        with db.atomic():
            db["proposal_links"].insert(
                {
                    "proposal": proposal_id,
                    "token": new_token(),
                    "created_by": current_user.email,
                    "created_at": now(),
                    "expires_at": (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds"),
                }
            )
        flash(_("Customer link created. Each download is recorded."), "info")
    return redirect(url_for("reps.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/links/<int:link_id>/revoke")
@roles_required("admin", "rep")
def revoke_link(proposal_id: int, link_id: int):
    db = get_db()
    proposal_or_404(proposal_id)
    if ActionForm().validate_on_submit():
        with db.atomic():
            db.execute(
                "UPDATE proposal_links SET revoked_at = ? WHERE id = ? AND proposal = ?",
                [now(), link_id, proposal_id],
            )
        flash(_("Link revoked."), "info")
    return redirect(url_for("reps.proposal", proposal_id=proposal_id))


@public.get("/p/<token>")
def proposal_pdf(token: str):
    """The customer's link: serves the PDF, records the download, marks a hot lead."""
    if not well_formed(token):
        abort(404)
    db = get_db()
    link = next(db.query("SELECT * FROM proposal_links WHERE token = ?", [token]), None)
    if link is None or link["revoked_at"] or (link["expires_at"] and link["expires_at"] < now()):
        abort(404)
    proposal = db["proposals"].get(link["proposal"])
    path = file_path(proposal, "pdf")
    if path is None:
        abort(404)
    if not current_user.is_authenticated:  # staff checking the link is not the customer
        stamp = now()
        with db.atomic():
            db["downloads"].insert(
                {
                    "proposal": proposal["id"],
                    "link": link["id"],
                    "who": "customer",
                    "format": "pdf",
                    "at": stamp,
                }
            )
            db.execute(
                "UPDATE accounts SET hot_lead_at = ? WHERE id = ? AND hot_lead_at IS NULL",
                [stamp, proposal["account"]],
            )
    return send_file(path, mimetype="application/pdf", as_attachment=False, download_name=path.name)
