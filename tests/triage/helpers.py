"""Shared inputs for the triage tests: the demo catalog and small builders."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from webapp.triage import Triager

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "spec_examples"  # copy of shared/spec/examples


@lru_cache(maxsize=1)
def demo_catalog() -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / "catalog.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def demo_triager() -> Triager:
    return Triager(demo_catalog())


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def account(product: str = "accounting", plan: str = "accounting-light", seats: int = 3,
            **more: Any) -> dict[str, Any]:
    subs = [{"product": product, "plan": plan, "seats_used": seats}]
    subs += more.pop("extra", [])
    return {"id": "acme", "lang": "ja", "subscriptions": subs, **more}


def response(lang: str = "en", **answers: Any) -> dict[str, Any]:
    return {"id": "r-1", "account": "acme", "lang": lang, "answers": answers}


def run(acc: dict[str, Any] | None = None, **answers: Any):
    return demo_triager().triage(response(**answers), acc if acc is not None else account())


def pairs(decision) -> set[tuple[str, str]]:
    return {(o.kind, o.item) for o in decision.opportunities}
