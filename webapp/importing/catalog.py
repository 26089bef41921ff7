"""The catalog (what is sold): YAML in the shape of formats.md, validated as a whole.

The catalog is stored as one JSON document: triage, proposals and the admin pages all
read it whole, and an import replaces the previous one in a single write.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlite_utils import Database

from ..db import dumps
from ..i18n import gettext as _
from .errors import Collector, ImportFailed, ImportProblem
from .fields import Check, text_problem
from .readers import read_source

MAX_ITEMS = 2000
MAX_NODES = 200_000  # values in the catalog once aliases are expanded (no "billion laughs")
MAX_DEPTH = 50


def _line_of(root: yaml.Node | None, path: list) -> int | None:
    """1-based line of the YAML node at `path` (keys and list indexes), or its nearest parent."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for step in path:
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
        if nxt is None:
            break
        node, line = nxt, nxt.start_mark.line + 1
    return line


def _localized(check: Check, value, field: str, required: bool = True) -> dict | None:
    """A `{ja: ..., en: ...}` text; a plain string stands for both languages."""
    if value is None:
        if required:
            check.fail(field, _("is required"))
        return None
    if isinstance(value, str):
        return {"ja": value, "en": value}
    if not isinstance(value, dict) or not value or not all(
        k in ("ja", "en") and isinstance(v, str) for k, v in value.items()
    ):
        check.fail(field, _("must be text or a mapping of ja and en texts"))
        return None
    return dict(value)


def _keywords(check: Check, value, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        k in ("ja", "en") and isinstance(v, list) and all(isinstance(w, str) for w in v)
        for k, v in value.items()
    ):
        check.fail(field, _("must map ja and en to lists of words"))
        return {}
    return value


def _plain_problem(data) -> tuple[list, str] | None:
    """(path, message) of the first value JSON cannot store as it is, or None.

    YAML has more than JSON: dates, binary, sets, non-text keys, aliases (which may
    repeat a value a billion times or contain themselves). The catalog must be plain
    mappings with text keys, lists, text, numbers, booleans and nulls.
    """
    nodes = 0
    stack: list[tuple[object, list, tuple[int, ...]]] = [(data, [], ())]
    while stack:
        value, path, parents = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return [], _("the catalog is too large (more than {n} values, counting repeated aliases)",
                         n=MAX_NODES)
        if len(path) > MAX_DEPTH:
            return path, _("nested too deeply (more than {n} levels)", n=MAX_DEPTH)
        if isinstance(value, dict | list):
            if id(value) in parents:
                return path, _("refers to itself through an alias")
            inner = (*parents, id(value))
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        return path, _("keys must be text, not {key!r}", key=key)
                    problem = text_problem(key)
                    if problem:
                        return path, problem
                    stack.append((item, [*path, key], inner))
            else:
                stack.extend((item, [*path, i], inner) for i, item in enumerate(value))
        elif isinstance(value, str):
            problem = text_problem(value)
            if problem:
                return path, problem
        elif isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return path, _("must be a finite number")
        elif value is not None and not isinstance(value, bool | int):
            return path, _("must be text, a number, a list or a mapping (not a YAML {type})",
                           type=type(value).__name__)
    return None


def _path_name(path: list) -> str | None:
    if not path:
        return None
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                   for i, p in enumerate(path))


class _Validator:
    def __init__(self, data: dict, root: yaml.Node | None, problems: Collector):
        self.data, self.root, self.problems = data, root, problems

    def at(self, *path) -> Check:
        prefix = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                         for i, p in enumerate(path))
        return Check(self.problems, _line_of(self.root, list(path)), prefix + ("." if path else ""))

    def items(self, key: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.at().fail(key, _("must be a list"))
            return []
        if len(value) > MAX_ITEMS:
            self.at().fail(key, _("too many records (at most {n})", n=MAX_ITEMS))
            return []
        return value

    def mapping(self, value, *path) -> bool:
        if not isinstance(value, dict):
            self.problems.add(_line_of(self.root, list(path)), ".".join(map(str, path)),
                              _("must be a mapping"))
            return False
        return True

    def run(self) -> None:
        check = self.at()
        if not isinstance(self.data.get("currency", "JPY"), str):
            check.fail("currency", _("must be text"))
        products = self.items("products")
        if not products:
            check.fail("products", _("at least one product is required"))
        product_ids: set[str] = set()
        plan_ids: set[str] = set()
        for i, product in enumerate(products):
            if self.mapping(product, "products", i):
                self.product(i, product, product_ids, plan_ids)
        option_ids: set[str] = set()
        for i, option in enumerate(self.items("options")):
            if self.mapping(option, "options", i):
                self.option(i, option, product_ids, option_ids, plan_ids)
        for i, link in enumerate(self.items("related")):
            if self.mapping(link, "related", i):
                c = self.at("related", i)
                for end in ("from", "to"):
                    if c.catalog_id(link.get(end), end) and link[end] not in product_ids:
                        c.fail(end, _("unknown product '{id}'", id=link[end]))
                _localized(c, link.get("reason"), "reason", required=False)

    def product(self, i: int, product: dict, product_ids: set, plan_ids: set) -> None:
        c = self.at("products", i)
        pid = c.catalog_id(product.get("id"), "id")
        if pid in product_ids:
            c.fail("id", _("duplicate id '{id}'", id=pid))
        product_ids.add(pid)
        _localized(c, product.get("name"), "name")
        _localized(c, product.get("description"), "description", required=False)
        feature_ids: set[str] = set()
        features = product.get("features") or []
        if not isinstance(features, list):
            c.fail("features", _("must be a list"))
            features = []
        for j, feature in enumerate(features):
            fc = self.at("products", i, "features", j)
            if not self.mapping(feature, "products", i, "features", j):
                continue
            fid = fc.catalog_id(feature.get("id"), "id")
            if fid in feature_ids:
                fc.fail("id", _("duplicate id '{id}'", id=fid))
            feature_ids.add(fid)
            _localized(fc, feature.get("name"), "name")
            _localized(fc, feature.get("description"), "description", required=False)
            _keywords(fc, feature.get("keywords"), "keywords")
            fc.integer(feature.get("hours_saved_per_month"), "hours_saved_per_month", 0, 10_000)
        plans = product.get("plans")
        if not isinstance(plans, list) or not plans:
            c.fail("plans", _("at least one plan is required"))
            return
        for j, plan in enumerate(plans):
            pc = self.at("products", i, "plans", j)
            if not self.mapping(plan, "products", i, "plans", j):
                continue
            plan_id = pc.catalog_id(plan.get("id"), "id")
            if plan_id in plan_ids:
                pc.fail("id", _("duplicate id '{id}'", id=plan_id))
            plan_ids.add(plan_id)
            _localized(pc, plan.get("name"), "name")
            pc.integer(plan.get("monthly_price"), "monthly_price", 0, 10**12, required=True)
            pc.integer(plan.get("seat_limit"), "seat_limit", 1, 10**9)
            features = plan.get("features") or []
            if not isinstance(features, list):
                pc.fail("features", _("must be a list"))
                continue
            for fid in features:
                if not isinstance(fid, str) or fid not in feature_ids:
                    pc.fail("features", _("unknown feature '{id}'", id=fid))

    def option(self, i: int, option: dict, product_ids: set, option_ids: set, plan_ids: set) -> None:
        c = self.at("options", i)
        oid = c.catalog_id(option.get("id"), "id")
        if oid in option_ids or oid in product_ids or oid in plan_ids:
            c.fail("id", _("duplicate id '{id}'", id=oid))
        option_ids.add(oid)
        _localized(c, option.get("name"), "name")
        _localized(c, option.get("description"), "description", required=False)
        _keywords(c, option.get("keywords"), "keywords")
        for_products = option.get("for_products") or []
        if not isinstance(for_products, list):
            c.fail("for_products", _("must be a list"))
        else:
            for pid in for_products:
                if not isinstance(pid, str) or pid not in product_ids:
                    c.fail("for_products", _("unknown product '{id}'", id=pid))
        c.integer(option.get("monthly_price", 0), "monthly_price", 0, 10**12)
        c.integer(option.get("one_time_price", 0), "one_time_price", 0, 10**12)
        c.integer(option.get("hours_saved_per_month"), "hours_saved_per_month", 0, 10_000)


def parse_catalog(source: str | Path | bytes, name: str | None = None) -> dict:
    """Read and validate a catalog; raise ImportFailed with every problem found."""
    display, text = read_source(source, name)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ImportFailed([ImportProblem(display, line, None, _(
            "not valid YAML ({error})", error=getattr(exc, "problem", None) or str(exc)))]) from exc
    except RecursionError as exc:
        raise ImportFailed([ImportProblem(display, None, None, _(
            "not valid YAML ({error})", error=_("nested too deeply")))]) from exc
    if not isinstance(data, dict):
        raise ImportFailed([ImportProblem(display, 1, None, _("the catalog must be a YAML mapping"))])
    odd = _plain_problem(data)
    if odd is not None:
        path, message = odd
        raise ImportFailed([ImportProblem(display, _line_of(root, path), _path_name(path), message)])
    problems = Collector(display)
    _Validator(data, root, problems).run()
    problems.raise_if_any()
    data.setdefault("currency", "JPY")
    data.setdefault("options", [])
    data.setdefault("related", [])
    return data


def store_catalog(db: Database, catalog: dict, source_name: str) -> None:
    """Replace the catalog in one write."""
    with db.atomic():
        db["catalog"].upsert(
            {"id": 1, "currency": catalog.get("currency", "JPY"), "data": dumps(catalog),
             "source_name": source_name,
             "imported_at": datetime.now(UTC).isoformat()},  # microseconds: also the catalog's version
            pk="id",
        )


def import_catalog(db: Database, source: str | Path | bytes, name: str | None = None) -> dict:
    catalog = parse_catalog(source, name)
    store_catalog(db, catalog, name or str(source))
    return catalog
