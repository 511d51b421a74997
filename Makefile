# libnet — `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages: ICU for Vietnamese collation, a TrueType font with Vietnamese glyphs for
# PDFs, gettext for translations, yaz (yaz-client: copy cataloguing over Z39.50, also the SRU
# client the SRU server is tested with); tests add PostgreSQL, chromium, poppler (PDF → PNG)
# and idzebra-2.0 (Zebra, the Z39.50/SRU server copy cataloguing is tested against).
APT_RUN := libicu-dev pkg-config gettext fonts-dejavu-core yaz poppler-utils tesseract-ocr tesseract-ocr-vie
APT_TEST := $(APT_RUN) postgresql chromium idzebra-2.0

.PHONY: run test test-sqlite test-postgres check lint bench install install-dev apt-run apt-test demo worker messages wheel clean

apt-run:
	@scripts/apt-ensure.sh $(APT_RUN)

apt-test:
	@scripts/apt-ensure.sh $(APT_TEST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: apt-run $(VENV)/.installed messages

install-dev: apt-test $(VENV)/.installed-dev messages

messages: $(VENV)/.installed
	@cd src/libnet && ../../$(BIN)/libnet compilemessages -l vi -l en >/dev/null

run: install
	$(BIN)/libnet migrate --noinput
	$(BIN)/libnet load_demo --if-empty
	@echo "Starting the import worker in the background (log: var/worker.log)"
	@mkdir -p var; $(BIN)/libnet worker > var/worker.log 2>&1 & echo $$! > var/worker.pid
	@trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	  echo "libnet: http://$(HOST):$(PORT)/"; \
	  $(BIN)/libnet runserver $(HOST):$(PORT) --noreload

demo: install
	$(BIN)/libnet migrate --noinput
	$(BIN)/libnet load_demo

worker: install
	$(BIN)/libnet worker

# Two pytest-xdist workers; the tests of the shared small demo stay on one of them.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup

test: install-dev
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$${LIBNET_SKIP_PG:-0}" = "1" ]; then echo "LIBNET_SKIP_PG=1: PostgreSQL pass skipped"; \
	  else $(MAKE) --no-print-directory test-postgres; fi

test-sqlite:
	@echo "== SQLite pass =="
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_PARALLEL)

test-postgres:
	scripts/test-postgres.sh $(BIN)/pytest -q -m "not browser" $(PYTEST_PARALLEL)

lint: install-dev
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	env -u DATABASE_URL $(BIN)/libnet makemigrations --check --dry-run

check: lint
	LIBNET_SKIP_PG=$${LIBNET_SKIP_PG:-0} $(MAKE) --no-print-directory test

bench: install-dev
	$(BIN)/python bench/import_marc.py
	$(BIN)/python bench/search.py --sru
	$(BIN)/python bench/circulation.py
	$(BIN)/python bench/rotation.py
	$(BIN)/python bench/planning.py
	$(BIN)/python bench/oai.py --records 100000
	$(BIN)/python bench/digital.py --pages 50
	$(BIN)/python bench/digital_iiif.py

# A wheel for a server (docs/operations.md): compiled catalogues inside, no `make` needed there.
wheel: install-dev
	$(BIN)/pip wheel . --no-deps --no-build-isolation --wheel-dir dist

clean:
	rm -rf $(VENV) var/*.sqlite3* var/imports var/test-db
