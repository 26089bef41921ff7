"""Where proposal files go: `output/<account>/<id>-<item>[-vN].docx|.pdf`.

Ids come from imported data, so they are made filesystem-safe here: only ASCII letters,
digits, '-', '_' and '.' survive, never a leading dot, never a path separator. When
cleaning changed an id, a short hash of the original is appended so that two different
ids (say two Japanese account ids) never share a folder.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_PART = 80


def safe_part(value: object) -> str:
    """One path component made from an id; stable and collision-resistant."""
    raw = str(value)
    cleaned = _UNSAFE.sub("_", raw).lstrip(".")[:MAX_PART] or "_"
    if cleaned != raw:
        cleaned += "-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:8]
    return cleaned


def proposal_paths(
    output_dir: str | Path, account_id: str, proposal_id: int | str, item: str, version: int = 1
) -> tuple[Path, Path]:
    """(docx_path, pdf_path) for a proposal; version 1 has no suffix, later ones `-vN`."""
    if int(version) < 1:
        raise ValueError(f"version must be 1 or more, not {version}")
    stem = f"{safe_part(proposal_id)}-{safe_part(item)}"
    if int(version) > 1:
        stem += f"-v{int(version)}"
    folder = Path(output_dir) / safe_part(account_id)
    return folder / f"{stem}.docx", folder / f"{stem}.pdf"
