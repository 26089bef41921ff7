"""Forms of the admin pages."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..forms_base import BaseForm as FlaskForm
from ..i18n import gettext as _


class ImportForm(FlaskForm):
    kind = SelectField(
        "What",
        choices=[
            SelectChoice("catalog", "catalog"),
            SelectChoice("accounts", "accounts"),
            SelectChoice("responses", "responses"),
        ],
    )
    file = FileField("File", validators=[FileRequired()])


class InvitationForm(FlaskForm):
    account = SelectField("Account", validators=[InputRequired()])
    emails = TextAreaField(
        "E-mail addresses (one per line)", validators=[InputRequired(), Length(max=20_000)]
    )
    survey = SelectField("Survey")
    lang = SelectField(
        "Language",
        choices=[SelectChoice("", "—"), SelectChoice("ja", "日本語"), SelectChoice("en", "English")],
        validators=[Optional()],
    )


class ReminderForm(FlaskForm):
    days = IntegerField(
        "Days without an answer", default=7, validators=[InputRequired(), NumberRange(min=0, max=365)]
    )


class SendForm(FlaskForm):
    """Only CSRF: a button that sends every unsent invitation."""


class ActionForm(FlaskForm):
    """Only CSRF: a one-click button such as "Revoke"."""


class UserForm(FlaskForm):
    email = EmailField("E-mail", validators=[InputRequired(), Length(max=320)])
    name = StringField("Name", validators=[Optional(), Length(max=100)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("rep", "rep"),
            SelectChoice("product", "product"),
            SelectChoice("admin", "admin"),
        ],
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(min=8, max=200)])


def translate_labels(form: FlaskForm) -> FlaskForm:
    """Labels and choices are written in English; show them in the reader's language."""
    for field in form:
        if field.label is not None:
            field.label.text = _(field.label.text)
        if isinstance(field, SelectField) and field.choices:
            field.choices = [
                SelectChoice(c.value, _(c.label)) if isinstance(c, SelectChoice) else c for c in field.choices
            ]
    return form
