"""The customer's survey page, reached by a personal link without logging in.

One invitation holds one response: answering again while the survey is open revises
that response (same id, revision + 1) instead of adding a second one.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from .catalog import get_catalog
from .db import get_db, now
from .i18n import LANGUAGES, set_lang
from .importing.accounts import load_account
from .importing.responses import response_row
from .invitations import find_open_invitation
from .pipeline import responses_saved
from .survey_form import answers_from_form, build_form_class, form_data_from_answers
from .surveys import get_survey
from .web import limiter

bp = Blueprint("survey", __name__, url_prefix="/s")


def web_response_id(invitation: dict) -> str:
    return f"web-{invitation['id']}"


def _load(token: str):
    db = get_db()
    invitation = find_open_invitation(db, token)
    if invitation is None:
        abort(404)
    account = load_account(db, invitation["account"])
    survey = get_survey(invitation["survey"])
    if account is None or survey is None:
        abort(404)
    asked = request.args.get("lang")
    set_lang(asked if asked in LANGUAGES else invitation["lang"])
    return db, invitation, account, survey


def save_answers(db, invitation: dict, answers: dict) -> str:
    """Insert or revise the invitation's response in one transaction; return its id."""
    rid = web_response_id(invitation)
    record = {"id": rid, "account": invitation["account"], "survey": invitation["survey"],
              "lang": g.lang, "submitted_at": now(), "contact_email": invitation["email"],
              "answers": answers}
    with db.atomic():
        old = next(db.query("SELECT revision FROM responses WHERE id = ?", [rid]), None)
        row = response_row(record, "web", invitation["id"])
        row["revision"] = (old["revision"] + 1) if old else 1
        db["responses"].upsert(row, pk="id")
        db["invitations"].update(invitation["id"], {"response": rid})
    return rid


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SURVEY"], methods=["POST"])
def answer(token: str):
    db, invitation, account, survey = _load(token)
    catalog = get_catalog(db)
    products = {s["product"] for s in account["subscriptions"]}
    form_class = build_form_class(survey, catalog, products, g.lang)
    previous = None
    if invitation["response"]:
        row = next(db.query("SELECT answers FROM responses WHERE id = ?", [invitation["response"]]), None)
        previous = json.loads(row["answers"]) if row else None
    if request.method == "GET" and previous:
        form = form_class(data=form_data_from_answers(previous))
    else:
        form = form_class()
    if request.method == "POST" and not survey.open:
        abort(404)
    if form.validate_on_submit():
        rid = save_answers(db, invitation, answers_from_form(form, survey))
        try:
            responses_saved(db, [rid])
        except Exception:  # the answer is stored; `triage run` picks it up later
            current_app.logger.exception("triage after saving %s failed", rid)
        return redirect(url_for("survey.thanks", token=token, lang=g.lang))
    status = 400 if request.method == "POST" else 200
    return render_template("survey/form.html", form=form, survey=survey, account=account,
                           invitation=invitation, revising=bool(previous)), status


@bp.get("/<token>/thanks")
def thanks(token: str):
    _db, invitation, account, survey = _load(token)
    return render_template("survey/thanks.html", survey=survey, account=account, invitation=invitation)
