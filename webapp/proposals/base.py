"""The renderer registry and the atomic file write every renderer goes through.

New output formats (HTML preview, PPTX…) subclass `Renderer` and register under a name,
as healthchecks registers its transports: callers look renderers up in `RENDERERS`
instead of growing `if fmt == ...` chains. Writing through `atomic_write` means a
reader (a rep's download, the customer link) sees either the old file or the complete
new one, never half a PDF, and a failed render leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, ClassVar

from ..files import atomic_write
from .content import ProposalContent

RENDERERS: dict[str, type[Renderer]] = {}


class Renderer:
    """One output format. Subclasses set `name` and `suffix` and implement `write`."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def write(self, content: ProposalContent, fh: IO[bytes]) -> None:
        """Write the whole document to a binary file object."""
        raise NotImplementedError

    def render(self, content: ProposalContent, path: str | Path) -> Path:
        """Write the document to `path` atomically and return the path."""
        target = Path(path)
        with atomic_write(target) as fh:
            self.write(content, fh)
        return target


def register(cls: type[Renderer]) -> type[Renderer]:
    """Class decorator: make a renderer available as `RENDERERS[cls.name]`."""
    RENDERERS[cls.name] = cls
    return cls


