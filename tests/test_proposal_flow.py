"""Proposals in the app: generation, list, rep access, customer links, hot leads, approval."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from app_helpers import DEMO, csrf_token
from bs4 import BeautifulSoup
from docx import Document

from webapp.settings import get_settings, save_settings


def listed(runner) -> list[dict]:
    result = runner.invoke(args=["proposals", "list", "-"])
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]


@pytest.fixture
def proposals(demo, runner):
    """Demo proposals, rendered inline on import (HUEY_IMMEDIATE) and listed."""
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output
    return {p["response"]: p for p in listed(runner)}


def pdf_text(path: str) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True
    ).stdout


def test_ready_opportunities_get_docx_and_pdf_in_customer_language(proposals):
    sakura = proposals["r-0001"]
    assert sakura["kind"] == "upsell" and sakura["items"] == ["accounting-standard"]
    assert sakura["lang"] == "ja" and sakura["status"] == "draft" and sakura["downloads"] == 0
    assert Path(sakura["pdf"]).name == f"{sakura['id']}-accounting-standard.pdf"
    assert Path(sakura["docx"]).parent.name == "sakura-seiki"
    text = pdf_text(sakura["pdf"])
    assert "外貨建て取引" in text and "スタンダード" in text
    paragraphs = "\n".join(p.text for p in Document(sakura["docx"]).paragraphs)
    assert "外貨建て取引" in paragraphs
    assert "r-0002" not in proposals  # a complaint gets no proposal
    assert "r-0004" not in proposals  # cannot address now


def test_generate_twice_makes_nothing_new(proposals, runner):
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0
    assert "0 proposals generated" in result.output
    assert len(listed(runner)) == len(proposals)


def test_list_file_matches_formats_md(proposals, runner, tmp_path):
    out = tmp_path / "p.jsonl"
    assert runner.invoke(args=["proposals", "list", str(out)]).exit_code == 0
    for line in map(json.loads, out.read_text("utf-8").splitlines()):
        assert {
            "id",
            "account",
            "response",
            "kind",
            "items",
            "lang",
            "docx",
            "pdf",
            "created_at",
            "downloads",
            "status",
        } <= set(line)
        assert Path(line["docx"]).exists() and Path(line["pdf"]).exists()


def test_rep_sees_own_cases_and_not_other_reps_proposals(proposals, login, client):
    login("rep2")  # northwind only: no ready case there
    sakura = proposals["r-0001"]["id"]
    assert client.get(f"/reps/proposals/{sakura}").status_code == 404
    assert client.get(f"/reps/proposals/{sakura}.pdf").status_code == 404
    page = BeautifulSoup(client.get("/reps/").data, "html.parser")
    assert "さくら精機" not in page.get_text()


def test_rep_downloads_both_formats(proposals, login, client):
    login("rep")
    pid = proposals["r-0001"]["id"]
    page = BeautifulSoup(client.get("/reps/").data, "html.parser")
    assert "さくら精機株式会社" in page.get_text()
    pdf = client.get(f"/reps/proposals/{pid}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/reps/proposals/{pid}.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    assert client.get(f"/reps/proposals/{pid}.exe").status_code == 404


def test_customer_link_records_downloads_and_marks_hot_lead(proposals, login, client, db, runner):
    login("rep")
    pid = proposals["r-0003"]["id"]  # minato-trading, lower revenue than sakura
    page = client.get(f"/reps/proposals/{pid}").get_data(as_text=True)
    client.post(f"/reps/proposals/{pid}/links", data={"csrf_token": csrf_token(page)})
    link = db.execute("SELECT token FROM proposal_links WHERE proposal = ?", [pid]).fetchone()[0]
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})

    customer = client.application.test_client()
    first = customer.get(f"/p/{link}")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    customer.get(f"/p/{link}")
    assert customer.get("/p/" + "x" * 43).status_code == 404
    assert [p for p in listed(runner) if p["id"] == pid][0]["downloads"] == 2
    assert db["accounts"].get("minato-trading")["hot_lead_at"]

    login("rep")
    rows = BeautifulSoup(client.get("/reps/").data, "html.parser").select("tbody tr")
    assert "みなと商事" in rows[0].get_text() and rows[0].select_one(".badge.hot")


def test_revoked_customer_link_is_404(proposals, login, client, db):
    login("rep")
    pid = proposals["r-0001"]["id"]
    page = client.get(f"/reps/proposals/{pid}").get_data(as_text=True)
    client.post(f"/reps/proposals/{pid}/links", data={"csrf_token": csrf_token(page)})
    link_id, token = db.execute("SELECT id, token FROM proposal_links").fetchone()
    client.post(f"/reps/proposals/{pid}/links/{link_id}/revoke", data={"csrf_token": csrf_token(page)})
    assert client.get(f"/p/{token}").status_code == 404


def test_status_won_and_lost_need_amount_and_reason(proposals, login, client, db):
    login("rep")
    pid = proposals["r-0001"]["id"]
    token = csrf_token(client.get(f"/reps/proposals/{pid}").get_data(as_text=True))
    client.post(f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "won"})
    assert db["proposals"].get(pid)["status"] == "draft"
    client.post(
        f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "won", "amount": "60000"}
    )
    row = db["proposals"].get(pid)
    assert row["status"] == "won" and row["won_amount"] == 60000
    client.post(f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "lost"})
    assert db["proposals"].get(pid)["status"] == "won"
    client.post(
        f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "lost", "note": "budget frozen"}
    )
    assert db["proposals"].get(pid)["status_note"] == "budget frozen"
    assert db["proposal_events"].count == 2


def test_approval_required_before_sent(proposals, app, login, client, db):
    settings = get_settings(db)
    settings.approval_required = True
    save_settings(db, settings)
    login("rep")
    pid = proposals["r-0001"]["id"]
    token = csrf_token(client.get(f"/reps/proposals/{pid}").get_data(as_text=True))
    client.post(f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "sent"})
    assert db["proposals"].get(pid)["status"] == "draft"
    assert client.post(f"/reps/proposals/{pid}/approve", data={"csrf_token": token}).status_code == 404
    client.post("/auth/logout", data={"csrf_token": token})
    login("admin")
    token = csrf_token(client.get(f"/reps/proposals/{pid}").get_data(as_text=True))
    client.post(f"/reps/proposals/{pid}/approve", data={"csrf_token": token})
    assert db["proposals"].get(pid)["approved_by"] == "admin@example.com"
    client.post(f"/reps/proposals/{pid}/status", data={"csrf_token": token, "status": "sent"})
    assert db["proposals"].get(pid)["status"] == "sent"


def test_regenerate_writes_a_new_version_beside_the_old(proposals, login, client, db):
    login("rep")
    pid = proposals["r-0001"]["id"]
    old = db["proposals"].get(pid)
    token = csrf_token(client.get(f"/reps/proposals/{pid}").get_data(as_text=True))
    client.post(f"/reps/proposals/{pid}/regenerate", data={"csrf_token": token})
    new = db["proposals"].get(pid)
    assert new["version"] == 2 and new["pdf"].endswith("-v2.pdf")
    assert Path(old["pdf"]).exists() and Path(new["pdf"]).exists()


def test_a_render_that_crashes_leaves_no_file_and_is_retried(runner, db, monkeypatch, app):
    import webapp.proposal_store as store

    real = store.render_pdf

    def crash(content, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "render_pdf", crash)
    for args in (
        ["catalog", "import", str(DEMO / "catalog.yaml")],
        ["accounts", "import", str(DEMO / "accounts.jsonl")],
        ["responses", "import", str(DEMO / "responses.jsonl")],
    ):  # renders (and crashes) inline
        assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code != 0 and "disk full" in result.output
    out = Path(app.config["OUTPUT_DIR"])
    assert not [p for p in out.rglob("*") if p.is_file()]
    assert {r["state"] for r in db.query("SELECT state FROM proposals")} == {"failed"}

    monkeypatch.setattr(store, "render_pdf", real)
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output
    assert {r["state"] for r in db.query("SELECT state FROM proposals")} == {"ready"}
    assert {r["version"] for r in db.query("SELECT version FROM proposals")} == {1}


def test_staff_opening_the_customer_link_is_not_a_customer_download(proposals, login, client, db):
    login("rep")
    pid = proposals["r-0001"]["id"]
    page = client.get(f"/reps/proposals/{pid}").get_data(as_text=True)
    client.post(f"/reps/proposals/{pid}/links", data={"csrf_token": csrf_token(page)})
    token = db.execute("SELECT token FROM proposal_links").fetchone()[0]
    assert client.get(f"/p/{token}").status_code == 200
    assert db["downloads"].count_where("who = 'customer'") == 0
    assert db["accounts"].get("sakura-seiki")["hot_lead_at"] is None
