"""Japanese and English for every page and message.

Messages are written in English in the code and templates; `translations/ja.yaml`
maps each English message to Japanese. A plain YAML file instead of gettext .mo files
means a translator edits one readable file and nothing needs compiling at install.
The language of a request is, in order: an explicit `?lang=` switch (remembered in
the session), the page's own language (a survey's invitation sets it), the browser's
Accept-Language, then Japanese.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from flask import Flask, g, has_request_context, request, session

LANGUAGES = ("ja", "en")
DEFAULT_LANG = "ja"


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, str]]:
    path = Path(__file__).parent / "translations" / "ja.yaml"
    with path.open(encoding="utf-8") as fh:
        return {"ja": yaml.safe_load(fh) or {}}


def current_lang() -> str:
    """The request's language; on the command line, the terminal's (LANG=ja_JP… → ja)."""
    if has_request_context():
        return g.get("lang") or DEFAULT_LANG
    return "ja" if os.environ.get("LANG", "").startswith("ja") else "en"


def gettext(message: str, lang: str | None = None, **values) -> str:
    """Translate `message` into `lang` (default: the request's) and fill `{name}` values."""
    lang = lang or current_lang()
    text = _catalog().get(lang, {}).get(message, message) if lang != "en" else message
    return text.format(**values) if values else text


_ = gettext


def choose_lang(page_lang: str | None = None) -> str:
    """Pick and remember the request's language (see the module docstring for the order)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    if page_lang in LANGUAGES:
        return page_lang
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    best = request.accept_languages.best_match(LANGUAGES)
    return best or DEFAULT_LANG


def set_lang(lang: str) -> None:
    g.lang = lang if lang in LANGUAGES else DEFAULT_LANG


def localized(value, lang: str | None = None) -> str:
    """Pick the reader's language from a catalog `{ja: ..., en: ...}` value."""
    from .catalog import text_of

    return text_of(value, lang or current_lang())


def init_app(app: Flask) -> None:
    @app.before_request
    def _pick_language() -> None:
        set_lang(choose_lang())

    app.jinja_env.globals.update(_=gettext, current_lang=current_lang, localized=localized)
