# The front door. `make run` to use the dashboard, `make test` to check everything.
# Every install step lives here: a fresh clone needs only python3, make and apt-get.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
# apt-get as root, or through sudo when not root
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.DEFAULT_GOAL := help
.PHONY: help run demo test lint format bench chromium clean

help:
	@echo "make run     install (first time) and serve the dashboard at http://localhost:8501"
	@echo "make test    install test needs (incl. Debian chromium), lint, run every test"
	@echo "make demo    build the demo database (data/campaigns.duckdb)"
	@echo "make lint    ruff check and format check"
	@echo "make format  ruff format and fix"
	@echo "make bench   import bench, then every page at 10M posts (see BENCHMARKS.md)"

# The virtual environment; python3-venv comes from apt when Debian left it out.
$(PY):
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(APT) update && $(APT) install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when a requirements file changes.
$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

# Playwright drives Debian's Chromium (its own browser download is not used).
chromium:
	@test -x $(CHROMIUM) || { $(APT) update && $(APT) install -y chromium; }

run: $(VENV)/.installed-run
	$(PY) -m streamlit run dashboard.py

demo: $(VENV)/.installed-run
	$(PY) -m campaign_roi demo

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

test: $(VENV)/.installed-test chromium lint
	$(PY) -m pytest

bench: $(VENV)/.installed-test chromium
	$(PY) bench/bench_import.py
	$(PY) bench/bench_pages.py

clean:
	rm -rf .pytest_cache .ruff_cache tests/e2e/screenshots
