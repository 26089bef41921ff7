"""Proposal documents: content from survey and triage data, rendered as PDF and DOCX.

Pure code (no Flask): the app, the queue and the CLI call `build_content`, then
`render_pdf` / `render_docx` (or any renderer in `RENDERERS`) with paths from
`proposal_paths`.
"""

from .advice import Advice, AdviceRules
from .content import ProposalContent, ProposalSettings, build_content
from .files import proposal_paths
from .render import RENDERERS, Renderer, render_docx, render_pdf
from .roi import Payback, Roi, compute_roi

__all__ = [
    "RENDERERS",
    "Advice",
    "AdviceRules",
    "Payback",
    "ProposalContent",
    "ProposalSettings",
    "Renderer",
    "Roi",
    "build_content",
    "compute_roi",
    "proposal_paths",
    "render_docx",
    "render_pdf",
]
