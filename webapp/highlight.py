"""Marks the customer's sentences that triage used, inside the full answer text.

Returns plain segments; the template escapes each one, so customer text is never
inserted as HTML.
"""

from __future__ import annotations


def segments(text: str, marks: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """Split `text` into (piece, kind or None) around each marked sentence (first match wins)."""
    spans: list[tuple[int, int, str]] = []
    for sentence, kind in marks:
        if not sentence:
            continue
        start = text.find(sentence)
        while start != -1 and any(s <= start < e for s, e, _k in spans):
            start = text.find(sentence, start + 1)
        if start != -1:
            spans.append((start, start + len(sentence), kind))
    spans.sort()
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, kind in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], kind))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
