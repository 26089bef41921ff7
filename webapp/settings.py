"""Settings an admin changes in the app (stored in the `settings` table), with defaults.

Deployment settings (database path, SMTP server, secret key) stay in the Flask config;
these are business choices: the company shown on proposals, the default hourly cost
for ROI, whether a proposal needs an admin's approval before it is sent (稟議), the team
chat webhook for new complaints, and the theme similarity threshold.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from sqlite_utils import Database


@dataclass
class Settings:
    company_name: str = "Customer Success"
    company_name_ja: str = ""
    primary_color: str = "#1f5fbf"
    logo_path: str = ""
    hourly_cost: int = 4000
    proposal_validity_days: int = 30
    approval_required: bool = False
    webhook_url: str = ""
    theme_threshold: float = 0.6

    def company(self, lang: str) -> str:
        return (self.company_name_ja if lang == "ja" and self.company_name_ja else self.company_name)


def get_settings(db: Database) -> Settings:
    stored = {r["key"]: json.loads(r["value"]) for r in db.query("SELECT key, value FROM settings")}
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in stored.items() if k in known})


def save_settings(db: Database, settings: Settings) -> None:
    with db.atomic():
        for key, value in asdict(settings).items():
            db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)}, pk="key")
