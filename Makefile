# Rouxing (柔性执法平台) — developer commands. `make run` and `make test` work on a fresh Debian machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
PYTEST_ARGS ?=

.PHONY: install run test test-fast lint typecheck system-deps scenarios bench clean templates fonts

$(BIN)/rouxing: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/rouxing

install: $(BIN)/rouxing

## Serve the product on its embedded default: SQLite, demo data, web UI at http://127.0.0.1:8000
run: install
	$(BIN)/rouxing init
	@echo "柔性执法平台已启动： http://127.0.0.1:8000 （公示页面： http://127.0.0.1:8000/public/ ）"
	$(BIN)/rouxing serve 127.0.0.1:8000

## System packages the tests use: Debian chromium (browser tests), LibreOffice (PDF), CJK fonts, poppler
system-deps:
	@missing=""; \
	for p in chromium libreoffice-writer-nogui fonts-noto-cjk poppler-utils; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Build tools (not part of the runtime package): rebuild the committed .docx templates / bundled fonts
templates: install
	PYTHONPATH=src $(BIN)/python tools/build_templates.py

fonts: install
	PYTHONPATH=src $(BIN)/python tools/build_fonts.py

## ruff, the import contracts of .importlinter (app layers, core imports no app, no cycles), migrations
lint: install typecheck
	$(BIN)/ruff check src tests tools $(wildcard bench)
	PYTHONPATH=src $(BIN)/lint-imports
	$(BIN)/rouxing makemigrations --check --dry-run

## mypy with django-stubs on the engine, every app's services and selectors (scope in pyproject.toml)
typecheck: install
	$(BIN)/mypy

## The whole suite: lint, migrations check, unit + integration + browser tests, decision scenarios
test: install system-deps lint
	$(BIN)/rouxing init --quiet-logins
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

## The public decision scenarios through `rouxing decide -` on the demo database
scenarios: install
	$(BIN)/rouxing init --quiet-logins
	$(BIN)/python $(SHARED)/scenarios/check_decisions.py $(SHARED)/scenarios/decisions.yaml "$(BIN)/rouxing decide -"
	$(BIN)/python $(SHARED)/scenarios/check_decisions.py $(SHARED)/scenarios/decisions_v2.yaml "$(BIN)/rouxing decide -"

## Benchmarks (speed and memory targets live here, never in unit tests)
bench: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var .pytest_cache
