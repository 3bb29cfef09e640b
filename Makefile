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

.PHONY: run test install install-dev messages email-audit spam-check audit-tools audit lint check plugin-in-new-site docs docs-serve

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

# The newsletter's SpamAssassin score (offline rules only: --local, no network tests; marked e2e, skipped
# where spamassassin is missing). Debian's package is installed here when missing and we are root, as
# .ci/run installs it beside chromium.
spam-check: install-dev
	@command -v spamassassin >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends spamassassin >/dev/null; } \
		|| echo "spamassassin could not be installed: the spam score test will be skipped"
	$(PY) -m pytest -q -p no:cacheprovider -m e2e tests/newsletter/test_email_clients.py -k spamassassin

# Lighthouse, axe-core and the Nu checker (tools/audit/package.json, from the lock file). No tool downloads
# a browser: Lighthouse and Playwright drive Debian's chromium (CHROME_PATH); vnu.jar runs on the machine's java.
AUDIT_NPM_ENV := PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROME_PATH=/usr/bin/chromium
audit-tools:
	@command -v java >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium default-jre-headless; }
	$(AUDIT_NPM_ENV) npm ci --prefix tools/audit --no-audit --no-fund --silent

# Every page type of the demo on the production stack (gunicorn, production settings, WhiteNoise, Redis,
# PostgreSQL): Lighthouse on mobile and desktop, axe at 375 and 1280 px, the Nu checker; a table per page.
# AUDIT_ARGS: e.g. --pages home,article --no-lighthouse --json audit.json (tools/audit/audit.py --help).
AUDIT_ARGS ?=
audit: install-dev audit-tools
	CHROME_PATH=/usr/bin/chromium $(PY) tools/audit/audit.py $(AUDIT_ARGS)

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
