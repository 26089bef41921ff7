"""Reports in the app: complaints with status, future-need themes, dashboard, CSV/PDF, webhook."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from app_helpers import csrf_token
from bs4 import BeautifulSoup

from webapp.settings import get_settings, save_settings


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "Excel needs the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def import_lines(runner, tmp_path, name: str, records: list[dict]) -> None:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    result = runner.invoke(args=["responses", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_complaint_report_csv_from_the_cli(demo, runner, tmp_path):
    out = tmp_path / "complaints.csv"
    result = runner.invoke(args=["reports", "complaints", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_bytes())
    assert [r["response"] for r in rows] == ["r-0002"]
    assert rows[0]["account"] == "minato-trading" and "遅く" in rows[0]["text"]
    assert rows[0]["status"] == "new" and rows[0]["nps"] == "4"


def test_future_need_csv_has_every_need_whatever_the_category(demo, runner, tmp_path):
    import_lines(runner, tmp_path, "more.jsonl", [
        {"id": "fn-1", "account": "sakura-seiki", "lang": "ja",
         "answers": {"nps": 9, "future_need": "スマホでオフラインでも使いたいです。",
                     "blocked_need": "外貨建て取引を処理できない。"}}])
    out = tmp_path / "needs.csv"
    assert runner.invoke(args=["reports", "future-needs", str(out)]).exit_code == 0
    rows = read_csv(out.read_bytes())
    by_response = {r["response"]: r for r in rows}
    assert {"r-0004", "fn-1"} <= set(by_response)
    assert by_response["fn-1"]["category"] == "ready"  # a ready response's future need still counts
    assert by_response["fn-1"]["theme_id"] == by_response["r-0004"]["theme_id"]  # ja + en, one theme


def test_formula_cells_are_neutralised(demo, runner, tmp_path):
    import_lines(runner, tmp_path, "evil.jsonl", [
        {"id": "evil-1", "account": "northwind", "lang": "en",
         "answers": {"nps": 2, "comment": "=HYPERLINK(\"http://evil.example\") the app crashes daily"}}])
    out = tmp_path / "c.csv"
    runner.invoke(args=["reports", "complaints", str(out)])
    evil = [r for r in read_csv(out.read_bytes()) if r["response"] == "evil-1"][0]
    assert evil["text"].startswith("'=")


def test_unknown_report_extension_is_refused(demo, runner, tmp_path):
    result = runner.invoke(args=["reports", "complaints", str(tmp_path / "c.xlsx")])
    assert result.exit_code != 0 and ".csv" in result.output


def test_report_pdf_has_japanese_text(demo, runner, tmp_path):
    out = tmp_path / "c.pdf"
    assert runner.invoke(args=["reports", "complaints", str(out)]).exit_code == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "みなと商事" in text


def test_product_team_resolves_complaint_from_the_report(demo, login, client, db):
    login("product")
    page = client.get("/reports/complaints")
    soup = BeautifulSoup(page.data, "html.parser")
    assert "みなと商事" in soup.get_text()
    response = client.post("/reports/complaints/r-0002/status", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "status": "acknowledged",
        "note": "engineering is on it"})
    assert response.status_code == 302
    row = db["complaints"].get("r-0002")
    assert row["status"] == "acknowledged" and row["changed_by"] == "product@example.com"
    assert row["note"] == "engineering is on it"
    assert client.post("/reports/complaints/nope/status", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "status": "resolved"}).status_code == 404


def test_resolved_complaint_stays_in_the_report(demo, login, client, db):
    from webapp.complaints import set_complaint_status

    set_complaint_status(db, "r-0002", "resolved", "fixed in 4.2", "product@example.com")
    login("product")
    rows = read_csv(client.get("/reports/complaints.csv?status=resolved").data)
    assert [(r["response"], r["status"], r["note"]) for r in rows] == [("r-0002", "resolved", "fixed in 4.2")]


def test_complaint_filters_and_csv_download(demo, login, client):
    login("admin")
    page = BeautifulSoup(client.get("/reports/complaints?status=resolved&lang=en").data, "html.parser")
    assert page.select("tbody tr td")[0].get_text() == "No complaints."
    rows = read_csv(client.get("/reports/complaints.csv?product=inventory").data)
    assert [r["response"] for r in rows] == ["r-0002"]
    assert client.get("/reports/complaints.pdf").data.startswith(b"%PDF")
    assert client.get("/reports/complaints.exe").status_code == 404


def test_theme_rename_and_merge_survive_new_responses(demo, login, client, runner, tmp_path):
    import_lines(runner, tmp_path, "a.jsonl", [
        {"id": "ai-1", "account": "northwind", "lang": "en",
         "answers": {"future_need": "An AI chatbot that answers our customers' questions."}}])
    login("product")
    page = client.get("/reports/future-needs").get_data(as_text=True)
    soup = BeautifulSoup(page, "html.parser")
    ids = [s["id"] for s in soup.select("section.card")]
    assert len(ids) == 2
    token = csrf_token(page)
    client.post("/reports/future-needs", data={"csrf_token": token, "action": "rename", "subject": ids[0],
                                               "target": "Field work"})
    client.post("/reports/future-needs", data={"csrf_token": token, "action": "merge", "subject": ids[1],
                                               "target": ids[0]})
    import_lines(runner, tmp_path, "b.jsonl", [
        {"id": "mo-2", "account": "sakura-seiki", "lang": "ja",
         "answers": {"future_need": "現場でスマホからオフラインで入力したい。"}}])
    soup = BeautifulSoup(client.get("/reports/future-needs").data, "html.parser")
    sections = soup.select("section.card")
    assert len(sections) == 1 and "Field work" in sections[0].h2.get_text()
    assert "現場でスマホ" in sections[0].get_text()


def test_dashboard_and_its_charts(demo, login, client, runner):
    runner.invoke(args=["proposals", "generate"])
    login("admin")
    page = BeautifulSoup(client.get("/reports/dashboard").data, "html.parser")
    assert len(page.select("img[src$='.svg']")) >= 3
    chart = client.get("/reports/charts/nps.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert b"<script" not in chart.data
    assert client.get("/reports/charts/bogus.svg").status_code == 404


@pytest.mark.parametrize("role", ["rep", "rep2"])
def test_reps_cannot_open_product_reports(demo, login, client, role):
    login(role)
    assert client.get("/reports/complaints").status_code == 404
    assert client.get("/reports/future-needs.csv").status_code == 404


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server API)
        length = int(self.headers["Content-Length"])
        Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_new_complaint_is_posted_to_the_team_chat_webhook(demo, db, runner, tmp_path):
    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Hook.received = []
    try:
        settings = get_settings(db)
        settings.webhook_url = f"http://127.0.0.1:{server.server_port}/hook"
        save_settings(db, settings)
        import_lines(runner, tmp_path, "c.jsonl", [
            {"id": "angry-1", "account": "northwind", "lang": "en",
             "answers": {"nps": 1, "comment": "We are thinking about cancelling: reports keep failing."}}])
        runner.invoke(args=["triage", "run", "--all"])  # no second message for the same complaint
    finally:
        server.shutdown()
    assert len(Hook.received) == 1
    assert "Northwind" in Hook.received[0]["text"] and "angry-1" in Hook.received[0]["text"]
    assert db["complaints"].get("angry-1")["notified_at"]
