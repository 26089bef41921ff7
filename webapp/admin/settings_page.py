"""Business settings: company shown on proposals, ROI hourly cost, approval, team chat."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms import BooleanField, DecimalField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..db import get_db
from ..forms_base import BaseForm
from ..i18n import gettext as _
from ..notify import valid_webhook_url
from ..settings import get_settings, save_settings
from ..users import roles_required
from . import bp
from .forms import translate_labels


class SettingsForm(BaseForm):
    company_name = StringField("Company name (English)", validators=[InputRequired(), Length(max=120)])
    company_name_ja = StringField("Company name (Japanese)", validators=[Optional(), Length(max=120)])
    primary_color = StringField("Colour", validators=[InputRequired(), Regexp(r"^#[0-9a-fA-F]{6}$")])
    logo_path = StringField(
        "Logo file in proposal_templates/",
        validators=[Optional(), Length(max=200), Regexp(r"^[A-Za-z0-9_.-]+\.(png|jpg|jpeg|gif)$")],
    )
    hourly_cost = IntegerField("Hourly cost for ROI", validators=[InputRequired(), NumberRange(0, 10**6)])
    proposal_validity_days = IntegerField(
        "Proposal valid for (days)", validators=[InputRequired(), NumberRange(1, 365)]
    )
    approval_required = BooleanField("Proposals need an admin's approval before they are sent")
    webhook_url = StringField(
        "Team chat webhook URL (new complaints)", validators=[Optional(), Length(max=500)]
    )
    theme_threshold = DecimalField(
        "Theme similarity threshold (0–1)", places=2, validators=[InputRequired(), NumberRange(0, 1)]
    )

    def validate_webhook_url(self, field):
        if field.data and not valid_webhook_url(field.data):
            raise ValidationError(_("Enter an http or https address."))


@bp.route("/settings", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    db = get_db()
    current = get_settings(db)
    form = translate_labels(SettingsForm(obj=current))
    status = 200
    if form.validate_on_submit():
        for name in (
            "company_name",
            "company_name_ja",
            "primary_color",
            "logo_path",
            "hourly_cost",
            "proposal_validity_days",
            "approval_required",
            "webhook_url",
        ):
            setattr(current, name, getattr(form, name).data or ("" if name != "hourly_cost" else 0))
        current.approval_required = bool(form.approval_required.data)
        current.theme_threshold = float(form.theme_threshold.data)
        save_settings(db, current)
        flash(_("Settings saved."), "info")
        return redirect(url_for("admin.settings"))
    if request.method == "POST":
        status = 400
    return render_template("admin/settings.html", form=form), status
