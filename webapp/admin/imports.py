"""Upload a catalog, accounts or offline responses."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..db import get_db
from ..i18n import gettext as _
from ..importing import ImportFailed, import_accounts, import_catalog, import_responses
from ..pipeline import responses_saved
from ..users import roles_required
from . import bp
from .forms import ImportForm, translate_labels


def run_import(kind: str, data: bytes, filename: str) -> str:
    """Import an uploaded file; returns the message to show. Raises ImportFailed."""
    db = get_db()
    if kind == "catalog":
        catalog = import_catalog(db, data, filename)
        return _("Catalog imported: {p} products, {o} options.",
                 p=len(catalog["products"]), o=len(catalog.get("options", [])))
    if kind == "accounts":
        return _("{n} accounts imported.", n=import_accounts(db, data, filename))
    inserted, skipped = import_responses(db, data, filename)
    responses_saved(db, inserted)
    return _("{n} responses imported, {s} already present and skipped.", n=len(inserted), s=skipped)


@bp.route("/import", methods=["GET", "POST"])
@roles_required("admin")
def import_files():
    form = translate_labels(ImportForm())
    problems: list[str] = []
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            flash(run_import(form.kind.data, upload.read(), upload.filename or "upload"), "info")
            return redirect(url_for("admin.import_files"))
        except ImportFailed as exc:
            problems = [str(p) for p in exc.problems[:50]]
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template("admin/import.html", form=form, problems=problems), status
