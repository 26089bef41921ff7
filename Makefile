# The README's commands, as make targets.
.PHONY: run test lint bench
run:
	./scripts/run
test:
	./scripts/test
lint:
	.venv/bin/ruff check webapp tests benchmarks
bench:
	.venv/bin/python benchmarks/triage.py && .venv/bin/python benchmarks/proposals.py && .venv/bin/python benchmarks/reports.py
