"""The base of every form: Flask-WTF (CSRF) with WTForms' own messages in the reader's language.

WTForms ships Japanese translations of its built-in messages ("Not a valid choice");
we use them directly instead of routing through Flask-Babel.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.meta import DefaultMeta

from .i18n import current_lang


class BaseForm(FlaskForm):
    class Meta:
        @property
        def locales(self):
            return [current_lang()]

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)
