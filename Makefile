# Every routine task has a target here. `make run` and `make test` are the two commands of the
# README; both install what they need on a fresh clone.
SHELL := /bin/bash
PORT ?= 8000
export PORT
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
PY := $(UV) run --frozen python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/xuandiao
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/xuandiao_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2

.PHONY: install run test lint check pytest e2e messages seed clean backup restore bench bench-lighthouse

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q uv

install: $(UV)
	$(UV) sync --frozen --quiet

run: install  ## the whole product on the embedded default: web, worker and beat
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	DEMO_PORT=$(PORT) $(UV) run --frozen honcho start -f Procfile

test: install  ## lint, checks, the whole suite on PostgreSQL + Redis, the browser tests
	scripts/ensure-system.sh
	$(MAKE) lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(MAKE) check
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(UV) run --frozen pytest

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	scripts/check-catalogues.sh
	scripts/security-checks.sh

messages: install  ## refresh and compile the translation catalogues (see docs/decisions)
	scripts/make-messages.sh

backup:  ## pg_dump of DATABASE_URL into var/backups/
	scripts/backup.sh

restore:  ## make restore FILE=var/backups/xuandiao-….dump (replaces DATABASE_URL's data)
	scripts/restore.sh "$(FILE)"

seed: install
	$(PY) manage.py seed_demo

bench: install  ## issue 9: the province benchmark on PostgreSQL, written to docs/benchmarks.md
	scripts/ensure-system.sh
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) DEBUG=false $(PY) manage.py bench --setup
	$(MAKE) bench-lighthouse

LIGHTHOUSE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/xuandiao_lighthouse

bench-lighthouse: install  ## issue 17: Lighthouse over six demo pages, written to docs/benchmarks.md
	scripts/ensure-system.sh
	LIGHTHOUSE_DATABASE_URL=$(LIGHTHOUSE_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) CHROME_PATH=/usr/bin/chromium $(PY) scripts/lighthouse.py

clean:
	rm -rf var/db.sqlite3 var/celery var/static test-artifacts
