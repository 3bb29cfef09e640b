# Two commands for a fresh machine:
#   make run    set up a virtualenv, an SQLite database and demo content; serve http://127.0.0.1:8000
#   make test   install the test dependencies and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Extra pip requirements, e.g. EXTRA_PIP='Django>=6.0,<6.2' to test another Django.
EXTRA_PIP ?=
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint check plugin-in-new-site

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -r requirements.txt $(if $(EXTRA_PIP),'$(EXTRA_PIP)')

install-dev: $(PY)
	$(PIP) install --quiet -r requirements-dev.txt $(if $(EXTRA_PIP),'$(EXTRA_PIP)')

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content --hostname $(HOST) --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, ruff's formatter (checking only), mypy with Django's stubs and import-linter's contracts between the
# apps ([tool.importlinter] in pyproject.toml): what pre-commit runs, and CI.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The structured_data plugin's wheel in a site made with `wagtail start` (.ci/plugin_in_new_site.sh).
plugin-in-new-site: install-dev
	bash .ci/plugin_in_new_site.sh $(PY)

check: install-dev
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(PY) manage.py makemigrations --check --dry-run
