"""Benchmark: proposal PDF (WeasyPrint) and DOCX (python-docx) against DOCX → LibreOffice.

Measures, in one run on this machine:
  * median ms per PDF, per DOCX and per PDF+DOCX pair over --runs renders (after warm-up);
  * 200 proposals in bulk (content + PDF + DOCX, mixed ja/en and kinds);
  * the route other tools take (docassemble and friends): the same content as DOCX,
    converted by `soffice --headless --convert-to pdf`, one new process per document
    and a batch of 10 documents in one call; printed as ratios against ours.

Usage: .venv/bin/python benchmarks/proposals.py [--runs 30] [--bulk 200] [--lo-runs 5]
       [--write-readme]   (replaces the "Proposals" section of benchmarks/README.md)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp.proposals import ProposalSettings, build_content, render_docx, render_pdf  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "spec_examples"
if not (EXAMPLES / "catalog.yaml").is_file():
    EXAMPLES = ROOT / "tests" / "proposals" / "data"
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- proposals-benchmark:start -->", "<!-- proposals-benchmark:end -->"
TODAY = dt.date(2026, 11, 24)
SETTINGS = ProposalSettings(company_name="クラウドワークス株式会社")


def _jsonl(name: str) -> dict[str, dict]:
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, filter(None, lines))}


def cases() -> list[dict]:
    """Keyword arguments for build_content: a ja upsell, a ja cross-sell, an en cross-sell."""
    catalog = yaml.safe_load((EXAMPLES / "catalog.yaml").read_text(encoding="utf-8"))
    accounts, responses = _jsonl("accounts.jsonl"), _jsonl("responses.jsonl")

    def one(account, response, kind, item, feature, approach="proactive"):
        text = response["answers"].get("blocked_need", "")
        finding = {"kind": "need_addressable", "text": text, "item": feature}
        opp = {"kind": kind, "item": item, "held": False, "reasons": []}
        dec = {
            "response": response["id"],
            "account": account["id"],
            "category": "ready",
            "approach": approach,
            "opportunities": [opp],
            "findings": [finding],
            "reasons": [],
        }
        return dict(
            account=account,
            response=response,
            decision=dec,
            opportunity=opp,
            catalog=catalog,
            settings=SETTINGS,
            rep_name="山田 花子",
            rep_email="rep@example.com",
            today=TODAY,
        )

    en_response = {
        "id": "r-en",
        "account": "northwind",
        "lang": "en",
        "answers": {
            "nps": 9,
            "blocked_need": "New staff keep asking how to close the month; we need training.",
        },
    }
    return [
        one(
            accounts["sakura-seiki"],
            responses["r-0001"],
            "upsell",
            "accounting-standard",
            "multi-currency",
        ),
        one(
            accounts["minato-trading"],
            responses["r-0003"],
            "cross_sell",
            "demand-forecast",
            "forecasting",
            "careful",
        ),
        one(
            accounts["northwind"],
            en_response,
            "cross_sell",
            "onboarding-training",
            "onboarding-training",
        ),
    ]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def bench_ours(out: Path, runs: int, bulk: int) -> dict[str, float]:
    all_cases = cases()
    content = build_content(number="P-1", **all_cases[0])
    for _ in range(3):  # warm-up: first render loads fonts (~0.15 s)
        render_pdf(content, out / "warm.pdf")
        render_docx(content, out / "warm.docx")
    pdf, docx, pair = [], [], []
    for i in range(runs):
        p = timed(lambda i=i: render_pdf(content, out / f"p{i}.pdf"))
        d = timed(lambda i=i: render_docx(content, out / f"p{i}.docx"))
        pdf.append(p)
        docx.append(d)
        pair.append(p + d)
    start = time.perf_counter()
    for i in range(bulk):
        kwargs = all_cases[i % len(all_cases)]
        c = build_content(number=f"B-{i}", **kwargs)
        render_pdf(c, out / "bulk" / f"{i}.pdf")
        render_docx(c, out / "bulk" / f"{i}.docx")
    bulk_s = time.perf_counter() - start
    return {
        "pdf_ms": statistics.median(pdf),
        "docx_ms": statistics.median(docx),
        "pair_ms": statistics.median(pair),
        "pair_p90_ms": sorted(pair)[int(0.9 * runs)],
        "bulk_s": bulk_s,
        "bulk_per_proposal_ms": 1000 * bulk_s / bulk,
        "pdf_bytes": (out / "p0.pdf").stat().st_size,
    }


def soffice(profile: Path, outdir: Path, files: list[Path]) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def bench_libreoffice(out: Path, runs: int) -> dict[str, float] | None:
    if not shutil.which("soffice"):
        return None
    content = build_content(number="P-1", **cases()[0])
    profile = out / "lo-profile"
    lo_out = out / "lo"
    render_docx(content, out / "warm-lo.docx")
    soffice(profile, lo_out, [out / "warm-lo.docx"])  # first start creates the profile
    single = []
    for i in range(runs):
        docx_path = out / f"lo{i}.docx"
        single.append(
            timed(lambda p=docx_path: (render_docx(content, p), soffice(profile, lo_out, [p])))
        )
    batch_files = [out / f"batch{i}.docx" for i in range(10)]
    start = time.perf_counter()
    for path in batch_files:
        render_docx(content, path)
    soffice(profile, lo_out, batch_files)
    batch_ms = (time.perf_counter() - start) * 1000
    assert (lo_out / "batch9.pdf").is_file()
    return {
        "single_ms": statistics.median(single),
        "batch10_per_doc_ms": batch_ms / 10,
        "pdf_bytes": (lo_out / "lo0.pdf").stat().st_size,
    }


def report(ours: dict, lo: dict | None, runs: int, lo_runs: int, bulk: int) -> str:
    lines = [
        "## Proposals (PDF + DOCX)",
        "",
        f"`benchmarks/proposals.py` on {dt.date.today()}, {platform.machine()}, "
        f"{shutil.os.cpu_count()} cores, Python {platform.python_version()}; a 3-page "
        "Japanese upsell proposal (IPAexGothic).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| PDF, median of {runs} (WeasyPrint) | {ours['pdf_ms']:.1f} ms | |",
        f"| DOCX, median of {runs} (python-docx) | {ours['docx_ms']:.1f} ms | |",
        f"| PDF + DOCX, median (p90) | {ours['pair_ms']:.1f} ms ({ours['pair_p90_ms']:.1f} ms) "
        "| < 150 ms |",
        f"| {bulk} proposals in bulk (content + PDF + DOCX, ja/en mix) | "
        f"{ours['bulk_s']:.1f} s ({ours['bulk_per_proposal_ms']:.1f} ms each) | |",
        f"| PDF size | {ours['pdf_bytes'] / 1024:.0f} KB | |",
    ]
    if lo:
        single_ratio = lo["single_ms"] / ours["pair_ms"]
        batch_ratio = lo["batch10_per_doc_ms"] / ours["pair_ms"]
        lines += [
            f"| DOCX + LibreOffice, one process per document, median of {lo_runs} | "
            f"{lo['single_ms']:.0f} ms | |",
            f"| DOCX + LibreOffice, batch of 10 in one call, per document | "
            f"{lo['batch10_per_doc_ms']:.0f} ms | |",
            f"| ours vs LibreOffice per document | **{single_ratio:.1f}× faster** | ≥ 5× |",
            f"| ours vs LibreOffice batch of 10, per document | **{batch_ratio:.1f}× faster** "
            "| > 1× |",
        ]
    else:
        lines += [
            "",
            "LibreOffice (`soffice`) is not installed: comparison skipped. "
            "Install with `apt-get install -y libreoffice-writer-nogui` to run it.",
        ]
    lines += [
        "",
        "Ours produces both files (PDF and DOCX); the LibreOffice route's time "
        "includes making its DOCX with the same python-docx code.",
    ]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    """Replace only our section, so other benchmarks' sections (triage…) stay untouched."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{START}\n{section}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--bulk", type=int, default=200)
    parser.add_argument("--lo-runs", type=int, default=5)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="proposals-bench-") as tmp:
        out = Path(tmp)
        ours = bench_ours(out, args.runs, args.bulk)
        lo = bench_libreoffice(out, args.lo_runs)
        if lo is None:
            print(
                "soffice not found: skipping the LibreOffice comparison "
                "(apt-get install -y libreoffice-writer-nogui)",
                file=sys.stderr,
            )
    section = report(ours, lo, args.runs, args.lo_runs, args.bulk)
    print(section)
    if args.write_readme:
        write_readme(section)


if __name__ == "__main__":
    main()
