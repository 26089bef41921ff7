"""Importers for the public file formats of formats.md (catalog, accounts, responses).

Each importer reads the whole file, validates every record, and only then writes, in
one transaction: a bad file is reported with its file name, line (or record) and
field, and leaves the database exactly as it was.
"""

from .accounts import import_accounts, parse_accounts
from .catalog import import_catalog, parse_catalog
from .errors import ImportFailed, ImportProblem
from .responses import import_responses, parse_responses

__all__ = [
    "ImportFailed",
    "ImportProblem",
    "import_accounts",
    "import_catalog",
    "import_responses",
    "parse_accounts",
    "parse_catalog",
    "parse_responses",
]
