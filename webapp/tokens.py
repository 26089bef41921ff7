"""Unguessable tokens for personal links (survey invitations, customer proposal links).

256 random bits, URL-safe. A token from a URL is checked for shape before any lookup,
so a malformed one is a plain 404 and never reaches SQL as something odd.
"""

from __future__ import annotations

import re
import secrets

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def well_formed(token: str | None) -> bool:
    return bool(token and TOKEN_RE.match(token))
