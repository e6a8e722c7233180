# Two commands on a fresh machine: `make run` (the app on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run test lint format typecheck requirements bench bench-audit bench-readers bench-load demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address localhost --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

typecheck: $(STAMP)
	$(PY) -m mypy

# requirements.txt (the app) and requirements-dev.txt (the app and the `test` extra) are generated from
# pyproject.toml; existing pins are kept unless a range excludes them. Index addresses are never written.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(PY) -m piptools compile --quiet --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host
requirements: $(STAMP)
	$(PIP_COMPILE) -o requirements.txt pyproject.toml
	$(PIP_COMPILE) --allow-unsafe --extra test --constraint requirements.txt -o requirements-dev.txt pyproject.toml

lint format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

demo: $(STAMP)
	$(PY) -m ooma_cancel demo

bench: $(STAMP)
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_journey.py

bench-audit: $(STAMP)
	$(PY) benchmarks/bench_audit.py

bench-readers: $(STAMP)
	$(PY) benchmarks/bench_readers.py
	$(PY) benchmarks/bench_readers.py --old

# make bench-load [N="10 50 100"] [DB="sqlite postgresql"] [SERVERS=2 (DB=postgresql)] [THINK=5];
# PostgreSQL from OOMA_CANCEL_TEST_POSTGRES_URL
N ?= 10 50 100
DB ?= sqlite postgresql
SERVERS ?= 1
THINK ?= 5
bench-load: $(STAMP)
	$(PY) -m benchmarks.load --n $(N) --db $(DB) --servers $(SERVERS) --think $(THINK)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache benchmarks/out
