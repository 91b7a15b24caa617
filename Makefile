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
$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[test,lint]"
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

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Re-pin every dependency after changing pyproject.toml.
lock: $(BIN)/activate
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -c requirements.lock ".[test,lint,bench]"
	.venv-lock/bin/python -m pip freeze --exclude-editable --exclude listening-hub > requirements.lock
	rm -rf .venv-lock

bench-counting: install
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[bench]"
	$(BIN)/python bench/counting.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Closing a round of 1,000,000 ranked ballots (IRV, then STV for 3 seats) on a throwaway
# PostgreSQL: round_close end to end in a fresh process (time, stages, peak memory), then
# the results page and the published files. Writes bench/results/close.json.
.PHONY: bench-close
bench-close: install-test
	scripts/with-postgres.sh $(BIN)/python bench/close.py

# Moderation queue at scale: "claim next" with 1,000,000 pending items on a throwaway
# PostgreSQL. Prints the figures and writes bench/results/moderation.json.
.PHONY: bench-moderation
bench-moderation: install-test
	scripts/with-postgres.sh $(BIN)/python bench/moderation.py

# Evidence at scale: 10,000,000 statistic rows on a throwaway PostgreSQL; import of
# 1,000,000 rows, "you are not alone" and snippet figures. Writes bench/results/evidence.json.
.PHONY: bench-evidence
bench-evidence: install-test
	scripts/with-postgres.sh $(BIN)/python bench/evidence.py

# The data explorer, the statistics API and share cards on 10,000,000 statistic rows
# (a throwaway PostgreSQL). Writes bench/results/explorer.json.
.PHONY: bench-explorer
bench-explorer: install-test
	scripts/with-postgres.sh $(BIN)/python bench/explorer.py

# A vote goes viral: 10,000 logged-in participants cast ballots over HTTP for 60 s at 50
# connections, against gunicorn with the production settings on a durable throwaway
# PostgreSQL and Redis, alternating with the write ceiling; then one worker is killed.
# Checks every answer against the database. Writes bench/results/vote.json.
.PHONY: bench-vote
bench-vote: install
	WITH_POSTGRES_DURABLE=1 scripts/with-postgres.sh scripts/with-redis.sh $(BIN)/python bench/vote.py

# Anonymous pages (home, campaign vote, nomination, results, explorer) against the read
# ceiling, and the logged-in ballot page, on the same stack. Writes bench/results/pages.json.
.PHONY: bench-pages
bench-pages: install
	WITH_POSTGRES_DURABLE=1 scripts/with-postgres.sh scripts/with-redis.sh $(BIN)/python bench/pages.py

# A streaming read replica beside a throwaway PostgreSQL primary (durable, as in
# production): replication lag, a refused write, and which connection the explorer's and
# the API's reads use. Writes bench/results/replica.json.
.PHONY: bench-replica
bench-replica: install-test
	WITH_POSTGRES_DURABLE=1 scripts/with-postgres-replica.sh $(BIN)/python bench/replica.py
