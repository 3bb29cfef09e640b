# Two commands for a fresh machine:
#   make run    set up a virtualenv, an SQLite database and demo content; serve http://127.0.0.1:8000
#   make test   install the test dependencies and run the whole test suite
# and make docs builds the documentation site (docs/, mkdocs.yml) into site/.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Extra pip requirements, e.g. EXTRA_PIP='Django>=6.0,<6.2' to test another Django.
EXTRA_PIP ?=
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (XDIST=0: one process; XDIST=auto: one per core). --dist loadscope
# keeps a test class or module on one worker, so setUpTestData and module fixtures run once.
# Worker gwN uses CACHE_URL's Redis database + N (newsroom/settings/workers.py).
XDIST ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev messages email-audit lint check plugin-in-new-site docs docs-serve

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -r requirements.txt $(if $(EXTRA_PIP),'$(EXTRA_PIP)')
	$(MAKE) messages VENV=$(VENV)

# pip runs again only when the requirements or EXTRA_PIP changed since the last install-dev into this
# virtualenv (the stamp holds them): `make test` after `make install-dev` starts the tests at once.
# Remove $(VENV)/.install-dev to force a reinstall.
DEV_STAMP := $(VENV)/.install-dev
DEV_INPUTS = { echo '$(EXTRA_PIP)'; cat requirements.txt requirements-dev.txt; }

install-dev: $(PY)
	@$(DEV_INPUTS) | cmp -s - $(DEV_STAMP) || { \
		$(PIP) install --quiet -r requirements-dev.txt $(if $(EXTRA_PIP),'$(EXTRA_PIP)') && $(DEV_INPUTS) > $(DEV_STAMP); }
	$(MAKE) messages VENV=$(VENV)
	$(MAKE) email-audit

# Translations: the .po catalogues compiled to .mo (not committed) with Babel, which needs no GNU gettext.
messages:
	$(VENV)/bin/pybabel -q compile -d newsletter/locale -D django

# caniemail's data for tests/newsletter/test_email_clients.py (skipped where node or npm is missing).
email-audit:
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tools/email-audit --no-audit --no-fund --silent; \
	else echo "npm not found: the email client test will be skipped"; fi

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content --hostname $(HOST) --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest -n $(XDIST) --dist loadscope $(PYTEST_ARGS)

# ruff, ruff's formatter (checking only), mypy with Django's stubs and import-linter's contracts between the
# apps ([tool.importlinter] in pyproject.toml): what pre-commit runs, and CI.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The documentation site (mkdocs.yml, docs/): built into site/ with warnings as errors, as CI builds it.
docs: install-dev
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs-serve: install-dev
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8001

# The structured_data plugin's wheel in a site made with `wagtail start` (.ci/plugin_in_new_site.sh).
plugin-in-new-site: install-dev
	bash .ci/plugin_in_new_site.sh $(PY)

check: install-dev
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(PY) manage.py makemigrations --check --dry-run
