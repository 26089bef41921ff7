"""Who may see which account: one rule used by every page and query.

Admins see every account; reps see the accounts they own; product-team members see
every account in reports but no sales pages (their blueprints check the role).
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user


def account_filter(column: str = "a.owner") -> tuple[str, list]:
    """SQL condition and parameters limiting rows to the current user's accounts."""
    if current_user.role in ("admin", "product"):
        return "1 = 1", []
    return f"{column} = ? COLLATE NOCASE", [current_user.email]


def can_see_account(account: dict | None) -> bool:
    if account is None:
        return False
    if current_user.role in ("admin", "product"):
        return True
    return (account.get("owner") or "").lower() == current_user.email.lower()


def account_or_404(account: dict | None) -> dict:
    """The account if the current user may see it; otherwise the same 404 as a missing one."""
    if not can_see_account(account):
        abort(404)
    return account
