"""Builds a Flask-WTF form class from a survey definition, in the respondent's language.

One field type per question type; messages come from the i18n catalog so a Japanese
respondent reads Japanese errors beside the field.
"""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import InputRequired, Length, Optional

from .catalog import Catalog
from .forms_base import BaseForm as FlaskForm
from .i18n import gettext as _
from .i18n import localized
from .importing.fields import BAD_CHARS_RE
from .surveys import Question, Survey


class CheckboxListField(SelectMultipleField):
    """A tick list: one checkbox per choice, keyboard- and screen-reader friendly."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(question: Question, catalog: Catalog, product_ids: set[str], lang: str) -> list:
    if question.choices == "catalog_options":
        return [
            SelectChoice(o["id"], localized(o["name"], lang))
            for o in catalog.options_for(product_ids or None, strongest_first=False)
        ]
    return [
        SelectChoice(str(c["value"]), localized(c.get("label", c["value"]), lang))
        for c in (question.choices or [])
        if isinstance(c, dict) and "value" in c
    ]


def _field(question: Question, catalog: Catalog, product_ids: set[str], lang: str):
    label = localized(question.label, lang)
    description = localized(question.help, lang) if question.help else ""
    required = (
        [InputRequired(message=_("Please answer this question."))] if question.required else [Optional()]
    )
    if question.type == "nps":
        return RadioField(
            label,
            choices=[SelectChoice(str(i)) for i in range(11)],
            validators=required,
            description=description,
        )
    if question.type == "rating":
        return RadioField(
            label,
            choices=[SelectChoice(str(i)) for i in range(1, 6)],
            validators=required,
            description=description,
        )
    if question.type == "text":
        validators = [
            Length(
                max=question.max_length,
                message=_("Please keep this under {n} characters.", n=question.max_length),
            )
        ]
        if question.required:
            validators.insert(0, InputRequired(message=_("Please answer this question.")))
        return TextAreaField(label, validators=validators, description=description)
    choices = _choices(question, catalog, product_ids, lang)
    if question.type == "single_choice":
        return RadioField(
            label, choices=choices, validators=required, description=description, validate_choice=True
        )
    return CheckboxListField(
        label, choices=choices, validators=required[:1] if question.required else [], description=description
    )


def build_form_class(survey: Survey, catalog: Catalog, product_ids: set[str], lang: str) -> type:
    """A FlaskForm subclass with one field per question, named by the question's key."""
    attrs = {q.key: _field(q, catalog, product_ids, lang) for q in survey.questions}
    form_class = type(f"SurveyForm_{survey.id}", (FlaskForm,), attrs)
    form_class.questions = {q.key: q for q in survey.questions}
    return form_class


def answers_from_form(form, survey: Survey) -> dict:
    """The answers dict stored for a response (keys are roles, or ids for role-less ones)."""
    answers: dict = {}
    for question in survey.questions:
        value = form[question.key].data
        if question.type in ("nps", "rating"):
            value = int(value) if value not in (None, "", "None") else None
        elif question.type == "text":
            # invisible control characters cannot go into a DOCX/PDF proposal: drop them
            value = BAD_CHARS_RE.sub("", value or "").strip()
        elif question.type == "multiple_choice":
            value = list(value or [])
        if value not in (None, "", []):
            answers[question.key] = value
    return answers


def form_data_from_answers(answers: dict) -> dict:
    """Pre-fill values for a revision, as the form expects them (strings for radios)."""
    return {k: (str(v) if isinstance(v, int) else v) for k, v in answers.items()}
