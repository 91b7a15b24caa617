# Listening Hub: the commands a newcomer and CI use.
#   make run    virtualenv, dependencies, migrations, demo data, server on 127.0.0.1:8000
#   make test   the whole suite on SQLite, then again on a throwaway PostgreSQL

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: help install install-test run test test-sqlite test-postgres test-e2e screenshots lint format lock bench-counting clean

help:
	@echo "make run | test | test-sqlite | test-postgres | test-e2e | screenshots | lint | format | lock | bench-counting"
	@echo "make bench-close   close a round of 1,000,000 ballots on a throwaway PostgreSQL (bench/results/close.json)"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# `make run` installs only what the site needs; the tests' reference libraries (most of
# the weight: docs/performance.md lists the sizes) come with `make test` and `make lint`.
# Each lock pins every package with the hashes of all its files, so pip installs exactly
# those files (--require-hashes); the project itself then goes in without resolving again.
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes -r
$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PIP_LOCKED) requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --no-deps .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.lock
	$(PIP_LOCKED) requirements/test.lock
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data
	$(MANAGE) runserver 127.0.0.1:8000

test: test-sqlite test-postgres test-e2e

test-sqlite: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install-test
	scripts/with-postgres.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser journeys in Debian's Chromium against gunicorn (tests/e2e). Chromium is
# installed with the OS package manager when missing; if that is impossible this fails,
# unless E2E=skip says on purpose to leave them out (and it says so, loudly).
E2E ?=
E2E_PYTEST = $(BIN)/python -m pytest tests/e2e --ds=config.settings.e2e
test-e2e: install-test
	@if [ "$(E2E)" = "skip" ]; then \
		echo "*** BROWSER TESTS NOT RUN: E2E=skip was set. Nothing about the browser journeys, ***"; \
		echo "*** accessibility or page weight was checked in this run.                      ***"; \
	else \
		chromium=$$(scripts/ensure-chromium.sh) || { \
			echo "*** BROWSER TESTS NOT RUN: Chromium could not be installed (see above). ***"; \
			echo "*** Set E2E=skip to run the rest of the suite without them.             ***"; \
			exit 1; }; \
		CHROMIUM=$$chromium $(E2E_PYTEST) $(PYTEST_ARGS); \
	fi

# The production stack on this machine: gunicorn (WORKERS, default 2 x cores + 1; PORT,
# default 8000) with config.settings.production against a private PostgreSQL and Redis,
# installed when missing and stopped with it. DEMO=1 adds the demo site.
.PHONY: serve-prod
serve-prod: install
	scripts/serve-prod.sh

# Every journey step at 375 and 1280 px, into docs/screenshots/ (shown in the README).
screenshots: install-test
	chromium=$$(scripts/ensure-chromium.sh) && \
		SCREENSHOTS=1 CHROMIUM=$$chromium $(E2E_PYTEST) -m screenshots $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	# The arrows between modules (.importlinter, docs/architecture.md): no circles, no upward imports.
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Re-pin every dependency after changing pyproject.toml: requirements/runtime.lock (the
# site), test.lock (the test and lint extras) and bench.lock (the bench extra), the last
# two constrained to runtime.lock's pins. Versions already pinned are kept while they
# still fit; pip-tools runs from a throwaway virtualenv.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile --quiet \
	--generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host
lock: $(BIN)/activate
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(PIP_COMPILE) --output-file requirements/runtime.lock pyproject.toml
	$(PIP_COMPILE) --extra test --extra lint --constraint requirements/runtime.lock \
		--output-file requirements/test.lock pyproject.toml
	$(PIP_COMPILE) --extra bench --constraint requirements/runtime.lock \
		--output-file requirements/bench.lock pyproject.toml
	rm -rf .venv-lock

bench-counting: install
	$(PIP_LOCKED) requirements/bench.lock
	$(BIN)/python bench/counting.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Benchmarks on a throwaway PostgreSQL, each writing bench/results/NAME.json:
#   bench-close       closing a round of 1,000,000 ranked ballots (IRV, then STV for 3
#                     seats): round_close end to end in a fresh process (time, stages,
#                     peak memory), then the results page and the published files
#   bench-moderation  the moderation queue at scale: "claim next" with 1,000,000 pending items
#   bench-evidence    evidence at scale: 10,000,000 statistic rows; import of 1,000,000
#                     rows, "you are not alone" and snippet figures
#   bench-explorer    the data explorer, the statistics API and share cards on
#                     10,000,000 statistic rows
BENCH_ON_POSTGRES := bench-close bench-moderation bench-evidence bench-explorer
.PHONY: $(BENCH_ON_POSTGRES)
$(BENCH_ON_POSTGRES): bench-%: install-test
	scripts/with-postgres.sh $(BIN)/python bench/$*.py

# Over HTTP against gunicorn with the production settings on a durable throwaway
# PostgreSQL and Redis, each writing bench/results/NAME.json:
#   bench-vote   a vote goes viral: 10,000 logged-in participants cast ballots for 60 s
#                at 50 connections, alternating with the write ceiling; then one worker
#                is killed. Checks every answer against the database.
#   bench-pages  anonymous pages (home, campaign vote, nomination, results, explorer)
#                against the read ceiling, and the logged-in ballot page
BENCH_OVER_HTTP := bench-vote bench-pages
.PHONY: $(BENCH_OVER_HTTP)
$(BENCH_OVER_HTTP): bench-%: install
	WITH_POSTGRES_DURABLE=1 scripts/with-postgres.sh scripts/with-redis.sh $(BIN)/python bench/$*.py

# A streaming read replica beside a throwaway PostgreSQL primary (durable, as in
# production): replication lag, a refused write, and which connection the explorer's and
# the API's reads use. Writes bench/results/replica.json.
.PHONY: bench-replica
bench-replica: install-test
	WITH_POSTGRES_DURABLE=1 scripts/with-postgres-replica.sh $(BIN)/python bench/replica.py
