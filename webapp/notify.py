"""Notifications to the team's chat when a new complaint arrives (seed 003).

A small registry of channels with one base class, as healthchecks does for its
integrations: today an incoming webhook that takes Slack-style JSON (Slack, Mattermost,
Rocket.Chat, Teams via workflows); another channel is one more subclass. Off unless the
`webhook_url` setting is filled in.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urlsplit

from sqlite_utils import Database

from .db import now
from .pipeline import on
from .settings import get_settings

log = logging.getLogger(__name__)
CHANNELS: dict[str, type[Channel]] = {}


class Channel:
    name = ""

    def __init__(self, target: str):
        self.target = target

    def send(self, text: str) -> None:
        raise NotImplementedError


def register(cls: type[Channel]) -> type[Channel]:
    CHANNELS[cls.name] = cls
    return cls


def valid_webhook_url(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@register
class Webhook(Channel):
    """POST {"text": …} as JSON, the incoming-webhook format most team chats accept."""

    name = "webhook"

    def send(self, text: str) -> None:
        body = json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.target, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (http/https only)
            response.read()


def complaint_message(row: dict) -> str:
    quote = (row["text"] or "").replace("\n", " ")[:300]
    return (f"New complaint from {row['account_name']} (NPS {row['nps'] if row['nps'] is not None else '-'}, "
            f"{row['mrr'] or 0:,}/month, owner {row['owner'] or '-'}): “{quote}” [{row['response']}]")


@on("complaints_created")
def notify_new_complaints(db: Database, response_ids: list[str]) -> None:
    url = get_settings(db).webhook_url
    if not url or not valid_webhook_url(url) or not response_ids:
        return
    rows = list(db.query(
        "SELECT c.response, r.nps, a.name AS account_name, a.mrr, a.owner,"
        " (SELECT group_concat(text, ' / ') FROM findings f WHERE f.response = c.response"
        "  AND f.kind = 'complaint') AS text FROM complaints c JOIN responses r ON r.id = c.response"
        " JOIN accounts a ON a.id = r.account WHERE c.notified_at IS NULL AND c.status = 'new'"
        " AND c.response IN (SELECT value FROM json_each(?))", [json.dumps(response_ids)]))
    channel = CHANNELS["webhook"](url)
    for row in rows:
        try:
            channel.send(complaint_message(row))
        except OSError as exc:
            log.warning("complaint notification failed for %s: %s", row["response"], exc)
            continue
        with db.atomic():
            db["complaints"].update(row["response"], {"notified_at": now()})
