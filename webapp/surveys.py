"""Survey definitions: data files in `survey_forms/`, one YAML file per survey.

A definition lists questions with a `type` (how it is asked: nps, rating, text,
single_choice, multiple_choice) and an optional `role` (what triage reads it as). The
survey form is built from this at run time, so adding a question needs no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import current_app, has_app_context

DEFAULT_SURVEY = "csat"
ROLES = ("nps", "satisfaction", "blocked_need", "future_need", "comment", "interests")
TEXT_ROLES = ("blocked_need", "future_need", "comment")
TYPES = ("nps", "rating", "text", "single_choice", "multiple_choice")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "survey_forms"


class SurveyDefinitionError(ValueError):
    """A survey file that cannot be used; the message names the file and question."""


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: dict
    role: str | None = None
    required: bool = False
    help: dict | None = None
    low_label: dict | None = None
    high_label: dict | None = None
    choices: list | str | None = None
    max_length: int = 2000

    @property
    def key(self) -> str:
        """The key of the answer in a response: the role if it has one, else the id."""
        return self.role or self.id


@dataclass(frozen=True)
class Survey:
    id: str
    title: dict
    questions: tuple[Question, ...]
    intro: dict = field(default_factory=dict)
    open: bool = True
    default: bool = False


def _question(path: Path, raw: dict) -> Question:
    where = f"{path.name}: question {raw.get('id')!r}"
    if not isinstance(raw, dict) or not re.fullmatch(r"[a-z0-9_]{1,40}", str(raw.get("id", ""))):
        raise SurveyDefinitionError(f"{path.name}: each question needs an id of a-z, 0-9 and _")
    if raw.get("type") not in TYPES:
        raise SurveyDefinitionError(f"{where}: type must be one of {', '.join(TYPES)}")
    if raw.get("role") is not None and raw["role"] not in ROLES:
        raise SurveyDefinitionError(f"{where}: role must be one of {', '.join(ROLES)}")
    if not isinstance(raw.get("label"), dict):
        raise SurveyDefinitionError(f"{where}: label needs ja and en texts")
    known = set(Question.__dataclass_fields__)
    return Question(**{k: v for k, v in raw.items() if k in known})


def load_survey(path: Path) -> Survey:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise SurveyDefinitionError(f"{path.name}: a survey needs a list of questions")
    questions = tuple(_question(path, q) for q in raw["questions"])
    keys = [q.key for q in questions]
    if len(keys) != len(set(keys)):
        raise SurveyDefinitionError(f"{path.name}: two questions share an id or role")
    return Survey(id=str(raw.get("id") or path.stem), title=raw.get("title") or {},
                  intro=raw.get("intro") or {}, questions=questions,
                  open=bool(raw.get("open", True)), default=bool(raw.get("default", False)))


def surveys_dir() -> Path:
    if has_app_context():
        return Path(current_app.config["SURVEY_FORMS_DIR"])
    return DEFAULT_DIR


_cache: dict[tuple, dict[str, Survey]] = {}


def all_surveys() -> dict[str, Survey]:
    """Every survey by id, re-read when a file in the folder changes."""
    folder = surveys_dir()
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    key = (str(folder), tuple((f.name, f.stat().st_mtime_ns) for f in files))
    if key not in _cache:
        _cache.clear()
        _cache[key] = {s.id: s for s in map(load_survey, files)}
    return _cache[key]


def survey_ids() -> set[str]:
    return set(all_surveys())


def get_survey(survey_id: str | None) -> Survey | None:
    surveys = all_surveys()
    if survey_id:
        return surveys.get(survey_id)
    return next((s for s in surveys.values() if s.default), None) or surveys.get(DEFAULT_SURVEY)
