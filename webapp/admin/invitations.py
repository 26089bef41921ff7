"""Create invitations, download them for mail merge, send them and remind non-answerers."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ..db import get_db, now
from ..i18n import gettext as _
from ..importing.accounts import load_account
from ..importing.fields import EMAIL_RE
from ..invitations import create_invitation, mail_merge_rows, send_invitations, survey_url
from ..mailer import mail_enabled
from ..reports.csv_export import iter_csv
from ..surveys import all_surveys
from ..users import roles_required
from . import bp
from .forms import ActionForm, InvitationForm, ReminderForm, SendForm, translate_labels

MAX_EMAILS = 500


def _invitation_form() -> InvitationForm:
    db = get_db()
    form = translate_labels(InvitationForm())
    form.account.choices = [SelectChoice(r["id"], f"{r['name']} ({r['id']})")
                            for r in db.query("SELECT id, name FROM accounts ORDER BY name")]
    form.survey.choices = [SelectChoice(s.id) for s in all_surveys().values()]
    if request.method == "GET" and request.args.get("account"):
        form.account.data = request.args["account"]
    return form


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses, invalid entries) from one-per-line (or comma separated) text."""
    entries = [e.strip() for e in text.replace(",", "\n").replace(";", "\n").splitlines() if e.strip()]
    good = [e for e in entries if EMAIL_RE.match(e)]
    return list(dict.fromkeys(good)), [e for e in entries if not EMAIL_RE.match(e)]


@bp.route("/invitations", methods=["GET", "POST"])
@roles_required("admin")
def invitations():
    db = get_db()
    form = _invitation_form()
    status = 200
    created: list[dict] = []
    if form.validate_on_submit():
        emails, bad = parse_emails(form.emails.data)
        if bad:
            form.emails.errors.append(_("Not e-mail addresses: {list}", list=", ".join(bad[:5])))
        elif len(emails) > MAX_EMAILS:
            form.emails.errors.append(_("At most {n} addresses at once.", n=MAX_EMAILS))
        else:
            account = load_account(db, form.account.data)
            created = [create_invitation(db, account, e, form.survey.data, form.lang.data or None)
                       for e in emails]
            flash(_("{n} personal links created.", n=len(created)), "info")
    if request.method == "POST" and not created:
        status = 400
    rows = list(db.query(
        "SELECT i.*, a.name AS account_name FROM invitations i JOIN accounts a ON a.id = i.account"
        " ORDER BY i.id DESC LIMIT 500"))
    stamp = now()
    for row in rows:
        row["url"] = survey_url(row)
        row["expired"] = bool(row["expires_at"] and row["expires_at"] < stamp)
    return render_template("admin/invitations.html", form=form, rows=rows, created=created,
                           send_form=SendForm(), remind_form=translate_labels(ReminderForm()),
                           action=ActionForm(), mail_on=mail_enabled()), status


@bp.get("/invitations.csv")
@roles_required("admin")
def invitations_csv():
    rows = mail_merge_rows(get_db(), request.args.get("account"))
    columns = ["account", "account_name", "email", "lang", "survey", "url", "expires_at", "answered"]
    return Response(iter_csv(rows, columns), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=invitations.csv"})


@bp.post("/invitations/send")
@roles_required("admin")
def invitations_send():
    if not SendForm().validate_on_submit():
        return redirect(url_for("admin.invitations"))
    if not mail_enabled():
        flash(_("E-mail is not configured (MAIL_SERVER)."), "error")
        return redirect(url_for("admin.invitations"))
    result = send_invitations(get_db())
    flash(_("{sent} invitations sent, {failed} failed.", **result), "info")
    return redirect(url_for("admin.invitations"))


@bp.post("/invitations/remind")
@roles_required("admin")
def invitations_remind():
    form = ReminderForm()
    if not form.validate_on_submit():
        flash(_("Enter a number of days between 0 and 365."), "error")
        return redirect(url_for("admin.invitations")), 303
    if not mail_enabled():
        flash(_("E-mail is not configured (MAIL_SERVER)."), "error")
        return redirect(url_for("admin.invitations"))
    result = send_invitations(get_db(), reminder_after_days=form.days.data)
    flash(_("{sent} reminders sent, {failed} failed.", **result), "info")
    return redirect(url_for("admin.invitations"))


@bp.post("/invitations/<int:invitation_id>/revoke")
@roles_required("admin")
def invitation_revoke(invitation_id: int):
    """Withdraw a personal link: from now on it shows the friendly "page not found"."""
    db = get_db()
    if not db.execute("SELECT 1 FROM invitations WHERE id = ?", [invitation_id]).fetchone():
        abort(404)
    if ActionForm().validate_on_submit():
        with db.atomic():
            db.execute("UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       [now(), invitation_id])
        flash(_("Link revoked: it no longer opens the survey."), "info")
    return redirect(url_for("admin.invitations"))
