# Everyday verbs. `make demo` and `make test` work on a fresh clone (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= $(GONGKAI_TEST_POSTGRES_URL)
RESULTS := var/test-results

.PHONY: demo serve install install-dev system-deps test test-sqlite test-postgres lint fmt check clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/gongkai migrate --noinput -v0
	$(BIN)/gongkai load_demo
	$(BIN)/gongkai collectstatic --noinput -v0
	@echo "站点地址: http://$(HOST):$(PORT)/  工作人员入口: http://$(HOST):$(PORT)/staff/"
	$(BIN)/gongkai runserver $(HOST):$(PORT) --noreload

system-deps:
	./scripts/install-system-deps.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/gongkai makemigrations --check --dry-run -v0

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: install-dev system-deps
	mkdir -p $(RESULTS)
	GONGKAI_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 \
	  $(BIN)/pytest --junitxml=$(RESULTS)/sqlite.xml $(PYTEST_ARGS)

test-postgres: install-dev system-deps
	mkdir -p $(RESULTS)
	@if [ -z "$(PG_URL)" ]; then echo "GONGKAI_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run"; \
	else GONGKAI_DATABASE_URL=$(PG_URL) GONGKAI_REQUIRE_POSTGRES=1 \
	  $(BIN)/pytest --junitxml=$(RESULTS)/postgres.xml $(PYTEST_ARGS); fi

test: lint test-sqlite test-postgres

# Benchmarks (not tests): numbers with a same-run baseline. Needs wrk (Debian) and granian.
BENCH_ITEMS ?= 100000
bench: install-dev
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "install wrk: sudo apt-get install -y wrk"; exit 1; }
	$(BIN)/pip install -q 'granian>=2.8,<3'
	$(BIN)/python bench/import_rate.py -n 10000
	$(BIN)/python bench/portal_throughput.py --items $(BENCH_ITEMS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
