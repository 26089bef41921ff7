"""Run triage over a labelled set (dev or blind) the way the CLI would: catalog per prefix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from webapp.triage import Triager
from webapp.triage.evaluate import Metrics, evaluate

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO_CATALOG = Path(__file__).resolve().parent.parent / "data" / "spec_examples" / "catalog.yaml"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def run_dev(data: Path = DATA) -> tuple[Metrics, dict[str, dict[str, Any]]]:
    catalogs = {"d-": DEMO_CATALOG, "h-": data / "catalog_hr.yaml"}
    return _run(data / "accounts_dev.jsonl", data / "responses_dev.jsonl",
                data / "labels_dev.jsonl", catalogs)


def run_blind(data: Path = DATA / "blind") -> tuple[Metrics, dict[str, dict[str, Any]]]:
    return _run(data / "accounts.jsonl", data / "responses.jsonl", data / "labels.jsonl",
                {"": data / "catalog.yaml"})


def _run(accounts: Path, responses: Path, labels: Path,
         catalogs: dict[str, Path]) -> tuple[Metrics, dict[str, dict[str, Any]]]:
    accs = {a["id"]: a for a in _jsonl(accounts)}
    triagers = {prefix: Triager(yaml.safe_load(path.read_text(encoding="utf-8")))
                for prefix, path in catalogs.items()}
    exported: dict[str, dict[str, Any]] = {}
    for response in _jsonl(responses):
        account_id = str(response.get("account", ""))
        prefix = next((p for p in sorted(triagers, key=len, reverse=True)
                       if account_id.startswith(p)), "")
        exported[response["id"]] = triagers[prefix].triage(
            response, accs.get(account_id)).to_export()
    return evaluate(_jsonl(labels), exported), exported
