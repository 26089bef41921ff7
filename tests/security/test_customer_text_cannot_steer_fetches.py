"""Customer text cannot make the proposal renderer read files or fetch URLs.

An imported answer names /etc/passwd and a local web server in every way HTML, CSS and
Jinja know; `proposals generate` must print them as words, read nothing and fetch nothing.
"""

from __future__ import annotations

import http.server
import subprocess
import threading

import pytest
from docx import Document
from pypdf import PdfReader
from security_helpers import write_jsonl


@pytest.fixture
def spy_server():
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def steering_text(base: str) -> str:
    return (
        f'<img src="file:///etc/passwd"> <iframe src="file:///etc/passwd"></iframe>'
        f' <link rel="stylesheet" href="{base}/leak.css"> <img src="{base}/leak.png">'
        f' <style>@import url("{base}/import.css"); body {{ background: url(file:///etc/passwd) }}</style>'
        f' {{% include "/etc/passwd" %}} {{{{ config }}}}'
    )


def test_generated_proposal_contains_no_file_and_fetched_nothing(demo, runner, db, tmp_path, spy_server):
    base, hits = spy_server
    record = {
        "id": "x-steer",
        "account": "sakura-seiki",
        "lang": "ja",
        "submitted_at": "2026-11-06T10:00:00+09:00",
        "answers": {
            "nps": 9,
            "satisfaction": 4,
            "future_need": "",
            "comment": "",
            "blocked_need": (
                f"海外子会社との外貨建て取引{steering_text(base)}を処理できず、Excelで換算しています。"
            ),
        },
    }
    path = write_jsonl(tmp_path / "steer.jsonl", [record])
    assert runner.invoke(args=["responses", "import", str(path)]).exit_code == 0
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output

    row = db.execute("SELECT pdf, docx, state FROM proposals WHERE response = 'x-steer'").fetchone()
    assert row is not None and row[2] == "ready"
    pdf = subprocess.run(
        ["pdftotext", "-raw", row[0], "-"], capture_output=True, check=True, text=True
    ).stdout
    reader = PdfReader(row[0])
    assert "root:" not in pdf and "/bin/" not in pdf
    assert "file:///etc/passwd" in pdf and '{% include "/etc/passwd" %}' in pdf.replace("\n", "")
    assert "SECRET_KEY" not in pdf  # {{ config }} stayed text
    assert reader.attachments == {}
    assert sum(len(page.images) for page in reader.pages) == 0
    assert hits == []

    docx_text = "\n".join(p.text for p in Document(row[1]).paragraphs)
    assert "root:" not in docx_text and "file:///etc/passwd" in docx_text
