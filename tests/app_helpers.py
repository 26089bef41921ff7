"""Constants and small helpers shared by the test modules (import as `from app_helpers import …`)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = Path(__file__).resolve().parent / "data" / "spec_examples"  # the spec's examples
DATA = Path(__file__).resolve().parent / "data"
PASSWORD = "correct horse battery"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def make_test_app(folder: Path, **config):
    """The app the tests use: its own SQLite file and output folder under `folder`,
    a fixed secret, no rate limits, proposals rendered inline; `config` on top."""
    from webapp import create_app

    return create_app({
        "TESTING": True,
        "DATABASE": str(folder / "test.sqlite"),
        "OUTPUT_DIR": str(folder / "output"),
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "HUEY_IMMEDIATE": True,
        **config,
    })
