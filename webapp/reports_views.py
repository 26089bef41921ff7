"""Product-team pages: complaint report, future-need themes, dashboard, CSV/PDF exports."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from .catalog import get_catalog
from .complaints import STATUSES, StatusError, set_complaint_status
from .db import connect, get_db
from .forms_base import BaseForm
from .i18n import current_lang
from .i18n import gettext as _
from .reports import charts
from .reports.csv_export import iter_csv
from .reports.pdf_export import report_pdf
from .reports_store import (
    COLUMN_LABELS,
    COMPLAINT_COLUMNS,
    COMPLAINT_PDF_COLUMNS,
    COMPLAINT_SORTS,
    NEED_COLUMNS,
    NEED_PDF_COLUMNS,
    category_series,
    complaint_rows,
    future_need_rows,
    future_need_themes,
    nps_change,
    nps_counts,
    proposal_funnel,
    record_theme_choice,
)
from .reports_store import dashboard as dashboard_data
from .users import roles_required

bp = Blueprint("reports", __name__, url_prefix="/reports")
PAGE_LIMIT = 500
# Themes per future-need page: each shown need offers every theme on the page as a move
# target, so the page grows with the square of this; the CSV has every need of every theme.
THEMES_PER_PAGE = 25


class StatusForm(BaseForm):
    status = SelectField("Status", validators=[InputRequired()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=1000)])


class ThemeForm(BaseForm):
    action = SelectField("Action", validators=[InputRequired()],
                         choices=[SelectChoice("rename"), SelectChoice("merge"), SelectChoice("move")])
    subject = StringField("Subject", validators=[InputRequired(), Length(max=300)])
    target = StringField("Target", validators=[InputRequired(), Length(max=200)])


def _complaint_filters() -> dict:
    status = request.args.get("status") or None
    return {"product": (request.args.get("product") or "")[:64] or None,
            "status": status if status in STATUSES else None,
            "min_age_days": max(0, min(3650, request.args.get("age", 0, type=int) or 0)) or None,
            "sort": request.args.get("sort") if request.args.get("sort") in COMPLAINT_SORTS else "revenue"}


@bp.get("/complaints")
@roles_required("admin", "product")
def complaints():
    db = get_db()
    filters = _complaint_filters()
    rows = list(complaint_rows(db, limit=PAGE_LIMIT + 1, **filters))
    form = StatusForm()
    form.status.choices = [SelectChoice(s, _(s)) for s in STATUSES]
    return render_template("reports/complaints.html", rows=rows[:PAGE_LIMIT], more=len(rows) > PAGE_LIMIT,
                           filters=filters, statuses=STATUSES, form=form, catalog=get_catalog(db),
                           query=request.query_string.decode())


@bp.post("/complaints/<response_id>/status")
@roles_required("admin", "product")
def complaint_status(response_id: str):
    form = StatusForm()
    form.status.choices = [SelectChoice(s) for s in STATUSES]
    if not form.validate_on_submit():
        flash(_("Choose a status."), "error")
        return redirect(url_for("reports.complaints"))
    try:
        set_complaint_status(get_db(), response_id[:200], form.status.data,
                             (form.note.data or "").strip(), current_user.email)
    except StatusError:
        abort(404)
    flash(_("Status saved."), "info")
    return redirect(url_for("reports.complaints"))


def _download(kind: str, fmt: str):
    """CSV streams rows from its own connection (the request's closes before streaming ends)."""
    db = connect(current_app.config["DATABASE"]) if fmt == "csv" else get_db()
    lang = current_lang()
    if kind == "complaints":
        rows, columns, pdf_columns = complaint_rows(db, **_complaint_filters()), COMPLAINT_COLUMNS, \
            COMPLAINT_PDF_COLUMNS
        title = _("Complaints")
    else:
        rows, columns, pdf_columns = future_need_rows(db, lang), NEED_COLUMNS, NEED_PDF_COLUMNS
        title = _("Future needs")
    filename = f"{kind}.{fmt}"
    if fmt == "csv":
        def stream():
            try:
                yield from iter_csv(rows, columns)
            finally:
                db.conn.close()

        return Response(stream(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
    handle, tmp = tempfile.mkstemp(suffix=".pdf")
    os.close(handle)
    report_pdf(title, [(c, _(COLUMN_LABELS[c])) for c in pdf_columns], rows, lang, tmp)

    @after_this_request
    def _cleanup(response):
        Path(tmp).unlink(missing_ok=True)
        return response

    return send_file(tmp, mimetype="application/pdf", as_attachment=True, download_name=filename)


@bp.get("/<kind>.<fmt>")
@roles_required("admin", "product")
def download(kind: str, fmt: str):
    if kind not in ("complaints", "future-needs") or fmt not in ("csv", "pdf"):
        abort(404)
    return _download(kind, fmt)


@bp.route("/future-needs", methods=["GET", "POST"])
@roles_required("admin", "product")
def future_needs():
    db = get_db()
    form = ThemeForm()
    if request.method == "POST":
        if form.validate_on_submit():
            record_theme_choice(db, form.action.data, form.subject.data.strip(), form.target.data.strip(),
                                current_user.email)
            flash(_("Saved. This choice is kept when new responses arrive."), "info")
            return redirect(url_for("reports.future_needs"))
        flash(_("Fill in every field."), "error")
    result, by_key = future_need_themes(db)
    pages = max(1, -(-len(result) // THEMES_PER_PAGE))
    page = max(1, min(pages, request.args.get("page", 1, type=int) or 1))
    shown = result[(page - 1) * THEMES_PER_PAGE:page * THEMES_PER_PAGE]
    lang = current_lang()
    choices = [(t.id, t.display_name(lang)) for t in result]  # every theme, for move and merge
    response = Response(render_template("reports/future_needs.html", themes=shown, by_key=by_key,
                                        lang=lang, choices=choices, page=page, pages=pages,
                                        total=len(result)))
    links = [f'<{url_for("reports.future_needs", page=p)}>; rel="{rel}"'
             for p, rel in ((page - 1, "prev"), (page + 1, "next")) if 1 <= p <= pages]
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


@bp.get("/dashboard")
@roles_required("admin", "product")
def dashboard():
    data = dashboard_data(get_db(), series=False)  # the series is drawn by its chart only
    return render_template("reports/dashboard.html", data=data, nps=charts.nps_score(data["nps_counts"]))


# Charts are served as SVG images: pygal styles them with an inline <style>, which the
# pages' Content-Security-Policy rightly forbids; an image cannot run scripts, so its own
# response may allow inline styles.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@bp.get("/charts/<name>.svg")
@roles_required("admin", "product")
def chart(name: str):
    db = get_db()
    lang = current_lang()
    if name == "nps":
        svg = charts.nps_distribution_svg(nps_counts(db), lang)
    elif name == "categories":
        svg = charts.categories_over_time_svg(category_series(db), lang)
    elif name == "funnel":
        funnel = proposal_funnel(db)
        svg = charts.proposal_funnel_svg(funnel["generated"], funnel["downloaded"], funnel["sent"],
                                         funnel["won"], lang)
    elif name == "change":
        svg = charts.nps_change_svg([(r["name"], r["before"], r["after"]) for r in nps_change(db)],
                                    lang)
    else:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
