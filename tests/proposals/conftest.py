"""Fixtures for the proposal-document tests: the demo data of the shared spec (with a
copy in `tests/data/spec_examples/` so the tests run where shared/ is absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from proposal_helpers import decision, make_content

from webapp.proposals import ProposalSettings

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "spec_examples"  # copy of shared/spec/examples


def _examples_dir() -> Path:
    return EXAMPLES


def _jsonl(name: str) -> dict[str, dict]:
    lines = (_examples_dir() / name).read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, filter(None, lines))}


@pytest.fixture(scope="session")
def catalog() -> dict[str, Any]:
    with (_examples_dir() / "catalog.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="session")
def accounts() -> dict[str, dict]:
    return _jsonl("accounts.jsonl")


@pytest.fixture(scope="session")
def responses() -> dict[str, dict]:
    return _jsonl("responses.jsonl")


@pytest.fixture(scope="session")
def settings() -> ProposalSettings:
    return ProposalSettings(company_name="クラウドワークス株式会社", primary_color="#0a7d5a")


@pytest.fixture(scope="session")
def sakura_content(catalog, accounts, responses, settings):
    """Japanese upsell: さくら精機, Light → Standard for multi-currency, 9 of 10 seats."""
    response = responses["r-0001"]
    dec = decision(
        response,
        "upsell",
        "accounting-standard",
        [
            {
                "kind": "need_addressable",
                "text": response["answers"]["blocked_need"],
                "item": "multi-currency",
            }
        ],
    )
    return make_content(
        account=accounts["sakura-seiki"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=settings,
    )
