# Samverkan: `make run` serves the demo, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres lint format messages browser bench screenshots reliability clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint requirements.lock --editable '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/samverkan migrate --noinput
	$(BIN)/samverkan load-demo --if-empty
	@echo ""
	@echo "  Samverkan: http://$(HOST):$(PORT)/"
	@echo "  Demo-inloggning (sekreterare): sekreterare / samverkan-demo"
	@echo "  Demo-inloggning (administratör): admin / samverkan-demo"
	@echo "  (Bakgrundsarbetaren för e-post, notiser och indexering körs också.)"
	@echo ""
	@$(BIN)/samverkan worker --worker-id make-run --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/samverkan runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when we may.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null); \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium"; fi; }

# Two workers: the suite runs in about half the time on two cores.
test: install browser
	$(BIN)/pytest -n 2

test-postgres: install browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Swedish is the source language; English lives in samverkan/locale/en.
messages: install
	cd samverkan && ../$(BIN)/samverkan makemessages --locale en --no-obsolete --add-location file
	cd samverkan && ../$(BIN)/samverkan compilemessages --locale en

# Benchmarks print their figures as JSON. The HTTP benchmark needs PostgreSQL
# (BENCH_POSTGRES) and generates its small and national data sets once.
bench: install
	$(BIN)/python benchmarks/minutes_export.py
	$(BIN)/python benchmarks/import_minutes.py
	$(BIN)/python benchmarks/search.py --matters 2000
	$(BIN)/python benchmarks/http_load.py --scale small --scale national

# The README tour's pictures, taken by the browser test of the main pages.
screenshots: install browser
	SAMVERKAN_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -k tour samverkan/tests/test_screens.py

# Load and faults: two app servers, one PostgreSQL, one Redis (see README).
reliability: install
	$(BIN)/python benchmarks/reliability.py --clients $${CLIENTS:-200} --seconds $${DURATION:-60}

clean:
	rm -rf $(VENV) var
