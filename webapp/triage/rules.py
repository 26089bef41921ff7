"""Load the editable triage rules (thresholds, cue words, synonyms) from YAML.

Why data files: the people who know which words mean "complaint" or which plan a
"roster" need belongs to are business users, not programmers (STYLE.md). The files are
per language (ja.yaml, en.yaml) plus common.yaml for numbers; at match time the cue
lists of all languages are merged, because customers mix scripts ("Excel で換算",
"POSレジ") and the declared response language is not always right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from webapp.text import normalize
from webapp.triage.clauses import ClauseRules, build
from webapp.triage.matchers import ConceptMatcher, PhraseSet

RULES_DIR = Path(__file__).resolve().parent / "rules"
CUE_NAMES = (
    "complaint", "complaint_soft", "complaint_negated", "not_working",
    "price", "praise", "need", "need_met", "none_answer",
    "complaint_ambiguous", "own_operations", "vendor_subject", "failure_event", "litotes",
    "improved", "not_yours", "reason_only", "keep_plan",
)


class RulesError(ValueError):
    """A rules file is missing or malformed; the message names the file and key."""


@dataclass
class Rules:
    """Everything triage may tune, already compiled for fast matching."""

    nps_detractor_max: int = 6
    nps_passive_max: int = 8
    satisfaction_complaint_max: int = 1
    seat_usage_ratio: float = 0.8
    approach_without_nps: str = "careful"
    concept_weight: float = 1.0
    token_weight: float = 0.5
    keyword_weight: float = 0.6
    threshold: float = 0.75
    keyword_containment: float = 0.7
    secondary_ratio: float = 0.8
    missing_concepts_rule: bool = True
    met_alternative_ratio: float = 0.5
    plan_tie_ratio: float = 0.9
    own_product_ratio: float = 0.8
    workaround_missing_weight: float = 0.6
    modifier_weight: float = 0.5
    capability_concepts: frozenset[str] = frozenset()
    capability_weight: int = 3
    connector_concepts: frozenset[str] = frozenset()
    connector_weight: float = 0.5
    context_concepts: frozenset[str] = frozenset()
    support_concepts: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()
    unexplained_ratio: float = 0.0
    met_unexplained_ratio: float = 0.0
    future_unexplained_ratio: float = 0.0
    named_words: int = 3
    named_explained_ratio: float = 0.75
    cues: dict[str, PhraseSet] = field(default_factory=dict)
    negation: PhraseSet | None = None
    concepts: ConceptMatcher | None = None
    clauses: ClauseRules | None = None
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    languages: tuple[str, ...] = ()

    def cue(self, name: str, norm_text: str) -> str | None:
        """The first phrase of cue list `name` found in normalised text, or None."""
        phrases = self.cues.get(name)
        return phrases.find(norm_text) if phrases else None

    def message(self, key: str, lang: str = "en", **params: Any) -> str:
        """A reason sentence from the `messages` templates, English when missing."""
        template = self.messages.get(lang, {}).get(key) or self.messages.get("en", {}).get(
            key, key
        )
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: top level must be a mapping")
    return data


def _get(data: dict[str, Any], dotted: str, default: Any, path: Path) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    if default is not None and not isinstance(node, type(default)):
        if isinstance(default, float) and isinstance(node, int):
            return float(node)
        raise RulesError(f"{path}: '{dotted}' must be {type(default).__name__}")
    return node


def _negation_patterns(lang_data: dict[str, Any]) -> list[str]:
    """Regexes for "negator ... complaint term" (en) / "term ... negator" (ja) spans."""
    neg = lang_data.get("negation") or {}
    out = [str(p) for p in neg.get("phrases") or []]
    terms = [re.escape(normalize(str(t))) for t in neg.get("terms") or []]
    negators = [re.escape(normalize(str(n))) for n in neg.get("negators") or []]
    if not terms or not negators:
        return out
    window = int(neg.get("window", 3))
    term_alt, neg_alt = "|".join(terms), "|".join(negators)
    if lang_data.get("lang") == "ja":
        # 「エラーもなく」「不満は特にありません」; not 「エラーがなくならない」
        out.append(f"re:(?:{term_alt})[^。！？!?.、,]{{0,{window}}}?(?:{neg_alt})(?!なら|なる)")
    else:
        out.append(
            rf"re:(?:\b(?:{neg_alt})\b|n't)(?:\W+\w+){{0,{window - 1}}}?\W+(?:{term_alt})\w*"
        )
    return out


def _build(paths: tuple[Path, ...]) -> Rules:
    common_path = paths[0]
    common = _read(common_path)
    rules = Rules(
        nps_detractor_max=_get(common, "nps.detractor_max", 6, common_path),
        nps_passive_max=_get(common, "nps.passive_max", 8, common_path),
        satisfaction_complaint_max=_get(common, "satisfaction.complaint_max", 1, common_path),
        seat_usage_ratio=_get(common, "seats.usage_ratio", 0.8, common_path),
        approach_without_nps=_get(common, "approach.without_nps", "careful", common_path),
        concept_weight=_get(common, "matching.concept_weight", 1.0, common_path),
        token_weight=_get(common, "matching.token_weight", 0.5, common_path),
        keyword_weight=_get(common, "matching.keyword_weight", 0.6, common_path),
        threshold=_get(common, "matching.threshold", 0.75, common_path),
        keyword_containment=_get(common, "matching.keyword_containment", 0.7, common_path),
        secondary_ratio=_get(common, "matching.secondary_ratio", 0.8, common_path),
        missing_concepts_rule=_get(common, "matching.missing_concepts_rule", True, common_path),
        met_alternative_ratio=_get(common, "matching.met_alternative_ratio", 0.5, common_path),
        modifier_weight=_get(common, "matching.modifier_weight", 0.5, common_path),
        plan_tie_ratio=_get(common, "matching.plan_tie_ratio", 0.9, common_path),
        own_product_ratio=_get(common, "matching.own_product_ratio", 0.8, common_path),
        workaround_missing_weight=_get(common, "matching.workaround_missing_weight", 0.6,
                                       common_path),
        unexplained_ratio=_get(common, "matching.unexplained_ratio", 0.0, common_path),
        met_unexplained_ratio=_get(common, "matching.met_unexplained_ratio", 0.0, common_path),
        future_unexplained_ratio=_get(common, "matching.future_unexplained_ratio", 0.0,
                                      common_path),
        named_words=_get(common, "matching.named_words", 3, common_path),
        named_explained_ratio=_get(common, "matching.named_explained_ratio", 0.75, common_path),
        context_concepts=frozenset(common.get("context_concepts") or ()),
        support_concepts=frozenset(common.get("support_concepts") or ()),
        capability_concepts=frozenset(common.get("capability_concepts") or ()),
        capability_weight=_get(common, "capability_weight", 3, common_path),
        connector_concepts=frozenset(common.get("connector_concepts") or ()),
        connector_weight=_get(common, "connector_weight", 0.5, common_path),
        generic_words=frozenset(normalize(str(w)) for w in common.get("generic_words") or ()),
    )
    cue_lists: dict[str, list[str]] = {name: [] for name in CUE_NAMES}
    negations: list[str] = []
    concepts: dict[str, list[str]] = {}
    langs: list[str] = []
    clause_lists: dict[str, list[str]] = {"split": [], "ask": [], "reason": [], "inner": [],
                                         "medium": []}
    for path in paths[1:]:
        data = _read(path)
        lang = str(data.get("lang") or path.stem)
        langs.append(lang)
        cues = data.get("cues") or {}
        if not isinstance(cues, dict):
            raise RulesError(f"{path}: 'cues' must be a mapping of lists")
        for name in CUE_NAMES:
            cue_lists[name] += [str(c) for c in cues.get(name) or []]
        negations += _negation_patterns(data)
        for key, items in (data.get("clauses") or {}).items():
            if key not in clause_lists or not isinstance(items, list):
                raise RulesError(f"{path}: clauses.{key} must be one of "
                                 f"{', '.join(clause_lists)} and a list")
            clause_lists[key] += [str(i) for i in items]
        for concept, terms in (data.get("concepts") or {}).items():
            if not isinstance(terms, list):
                raise RulesError(f"{path}: concepts.{concept} must be a list")
            concepts.setdefault(str(concept), []).extend(str(t) for t in terms)
        rules.messages[lang] = {str(k): str(v) for k, v in (data.get("messages") or {}).items()}
    rules.cues = {name: PhraseSet(tuple(items)) for name, items in cue_lists.items()}
    rules.negation = PhraseSet(tuple(negations))
    rules.concepts = ConceptMatcher(concepts)
    try:
        rules.clauses = build(**clause_lists)
    except re.error as exc:
        raise RulesError(f"{paths[1:]}: bad pattern in clauses: {exc}") from exc
    rules.languages = tuple(langs)
    return rules


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[Path, ...]) -> Rules:
    return _build(paths)


def load_rules(path: str | Path | None = None) -> Rules:
    """Rules from a directory holding common.yaml and one <lang>.yaml per language.

    Cached per directory: compiling the lexicon takes a few milliseconds and triage calls
    this for every response when no rules are passed in.
    """
    root = Path(path) if path is not None else RULES_DIR
    common = root / "common.yaml"
    if not common.is_file():
        raise RulesError(f"{common}: rules file not found")
    langs = tuple(sorted(p for p in root.glob("*.yaml") if p.name != "common.yaml"))
    return _load_cached((common, *langs))
