#!/usr/bin/env bash
# Proof that structured_data is a product other sites install: build its wheel from this repository,
# install it (with the [checker], [formats] and [test] extras) into a fresh virtualenv, create a new project with `wagtail start`,
# add the app and the two template tags, migrate, create a few pages, serve them, and check over HTTP that
# each carries one valid graph (Organization, WebSite, WebPage, BreadcrumbList), that check_structured_data
# finds 0 errors there (rendered in-process and fetched over HTTP), and that the export runs; and run the
# plugin's own tests from the installed wheel, with no newsroom app in the environment.
#
#   .ci/plugin_in_new_site.sh [PYTHON]    PYTHON: an interpreter with hatchling (default: .venv/bin/python)
#
# Runs once in CI, not per matrix leg. pip installs the same versions as PYTHON's environment has
# (constraints from its `pip freeze`), so they come from pip's cache; nothing is downloaded when it is warm.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PYTHON=${1:-.venv/bin/python}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n--- plugin in a new site: %s ---\n' "$*"; }

step "build the wheel"
"$PYTHON" -m pip wheel --quiet --no-deps --no-build-isolation -w "$WORK/dist" packaging/structured_data
WHEEL=$(ls "$WORK"/dist/wagtail_newsroom_structured_data-*.whl)
"$PYTHON" - "$WHEEL" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
tops = {name.split("/")[0] for name in names}
assert tops == {"structured_data", *(t for t in tops if t.endswith(".dist-info"))}, tops
assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")], "byte code in the wheel"
for needed in ("structured_data/migrations/0001_initial.py", "structured_data/templates/structured_data/report.html",
               "structured_data/templatetags/structured_data_tags.py", "structured_data/README.md"):
    assert needed in names, needed
print(f"{sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} files, only structured_data")
PY

step "a fresh virtualenv with the wheel and Wagtail"
"$PYTHON" -m venv "$WORK/venv"
SITE_PY=$WORK/venv/bin/python
"$PYTHON" -m pip freeze --exclude-editable | grep -v -i -E '^(wagtail-newsroom-structured-data|-e )' >"$WORK/constraints.txt"
"$SITE_PY" -m pip install --quiet --prefer-binary -c "$WORK/constraints.txt" "${WHEEL}[checker,formats,test]" 2>"$WORK/pip.log" \
    || { cat "$WORK/pip.log" >&2; exit 1; }
cd "$WORK"  # not the repository: nothing of it may be importable from here on
"$SITE_PY" -c 'import django, wagtail, structured_data; print("Django", django.get_version(), "Wagtail", wagtail.__version__, "structured_data", structured_data.__version__, "from", structured_data.__file__)'
if "$SITE_PY" -c 'import articles' 2>/dev/null || "$SITE_PY" -c 'import newsroom' 2>/dev/null; then
    echo "the new site can import the newsroom's own apps: not a fresh environment" >&2; exit 1
fi

step "the plugin's own tests, from the installed wheel (no newsroom app: structured_data.tests.settings)"
"$SITE_PY" -m pip install --quiet -c "$WORK/constraints.txt" pytest pytest-django pytest-cov 2>"$WORK/pip.log" \
    || { cat "$WORK/pip.log" >&2; exit 1; }
# With the line coverage of the plugin's own code (pytest-cov; its tests/ left out, as pyproject.toml does
# in the repository), printed in the log; below the floor this step fails, so coverage cannot fall
# silently. docs/development.md says the figure.
PLUGIN_COVERAGE_FLOOR=92
printf '[run]\nomit = */structured_data/tests/*\n' >"$WORK/coveragerc"
DJANGO_SETTINGS_MODULE=structured_data.tests.settings "$SITE_PY" -m pytest -q -p no:cacheprovider \
    --cov=structured_data --cov-config="$WORK/coveragerc" --cov-report=term --cov-fail-under="$PLUGIN_COVERAGE_FLOOR" \
    --pyargs structured_data.tests

step "wagtail start, the app and the two tags"
mkdir "$WORK/site"
cd "$WORK/site"
"$WORK/venv/bin/wagtail" start newsite . >/dev/null
cat >newsite/settings/local.py <<'PY'
from .base import INSTALLED_APPS as _INSTALLED_APPS

INSTALLED_APPS = [*_INSTALLED_APPS, "wagtail.contrib.settings", "structured_data"]
PY
"$SITE_PY" - newsite/templates/base.html <<'PY'
import sys
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
html = html.replace("{% load static wagtailcore_tags wagtailuserbar %}",
                    "{% load static wagtailcore_tags wagtailuserbar structured_data_tags %}", 1)
assert "</head>" in html and "structured_data_tags" in html
html = html.replace("</head>", "    {% social_meta %}\n        {% structured_data %}\n    </head>", 1)
open(path, "w", encoding="utf-8").write(html)
PY
PORT=$("$SITE_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DJANGO_SETTINGS_MODULE=newsite.settings.dev
"$SITE_PY" manage.py migrate --noinput -v0
"$SITE_PY" manage.py check --fail-level ERROR
"$SITE_PY" manage.py makemigrations --check --dry-run >/dev/null

step "a few pages and a publisher"
"$SITE_PY" manage.py shell -v0 -c "
import io
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site
from home.models import HomePage
from structured_data.models import PublisherSettings

site = Site.objects.get(is_default_site=True)
site.hostname, site.port, site.site_name = '127.0.0.1', $PORT, 'Harbor Gazette'
site.save()
buffer = io.BytesIO()
PILImage.new('RGB', (400, 400), (20, 60, 120)).save(buffer, 'PNG')
logo = get_image_model()(title='Logo')
logo.file = ImageFile(buffer, name='logo.png')
logo.save()
PublisherSettings.objects.create(site=site, name='Harbor Gazette', logo=logo, url='http://127.0.0.1:$PORT/')
home = site.root_page.specific
home.search_description = 'News from the harbor.'
home.save_revision().publish()
def page(parent, title, slug):
    child = parent.add_child(instance=HomePage(title=title, slug=slug, search_description=f'{title}, in brief.'))
    child.save_revision().publish()
    return child
news = page(home, 'News', 'news')
page(news, 'Ferry timetable changes', 'ferry-timetable-changes')
page(home, 'About us', 'about')
"

step "serve the pages and read their graphs over HTTP"
"$SITE_PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
"$SITE_PY" - "http://127.0.0.1:$PORT" "$WORK/server.log" <<'PY'
import json, sys, time, urllib.request

import extruct

base, log = sys.argv[1], sys.argv[2]
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("the new site never answered:\n" + open(log).read())

for path, crumbs in (("/", 1), ("/news/", 2), ("/news/ferry-timetable-changes/", 3), ("/about/", 2)):
    url = base + path
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, (url, response.status)
        html = response.read().decode("utf-8")
    items = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert len(items) == 1 and "@graph" in items[0], (url, items)
    graph = items[0]
    assert graph["@context"] == "https://schema.org", url
    nodes = {node["@id"]: node for node in graph["@graph"]}
    assert len(nodes) == len(graph["@graph"]), f"{url}: duplicate @id"

    def one(kind):
        found = [node for node in nodes.values() if node["@type"] in kind]
        assert len(found) == 1, (url, kind, found)
        return found[0]

    def resolve(ref):
        assert set(ref) == {"@id"} and ref["@id"] in nodes, (url, ref)
        return nodes[ref["@id"]]

    organization = one({"Organization", "NewsMediaOrganization"})
    website, webpage, breadcrumb = one({"WebSite"}), one({"WebPage"}), one({"BreadcrumbList"})
    assert organization["name"] == "Harbor Gazette" and resolve(organization["logo"])["@type"] == "ImageObject"
    assert resolve(website["publisher"]) is organization
    assert webpage["@id"] == url + "#webpage" and webpage["url"] == url, webpage
    assert resolve(webpage["isPartOf"]) is website and resolve(webpage["breadcrumb"]) is breadcrumb
    trail = breadcrumb["itemListElement"]
    assert [item["position"] for item in trail] == list(range(1, crumbs + 1)), trail
    assert trail[-1]["item"] == url and trail[0]["item"] == base + "/", trail
    print(f"{url}: {len(nodes)} nodes, {sorted(node['@type'] for node in nodes.values())}")
PY

step "check_structured_data: 0 errors, rendered in-process and fetched over HTTP"
"$SITE_PY" - "$SITE_PY" "$PORT" <<'PY'
import json, subprocess, sys

python, port = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
runs = {
    "site": [],
    "http": [arg for path in ("/", "/news/", "/news/ferry-timetable-changes/", "/about/") for arg in ("--url", base + path)],
}
for name, extra in runs.items():
    # --allow-private: the site is served on 127.0.0.1, which the checker refuses otherwise.
    done = subprocess.run([python, "manage.py", "check_structured_data", "--allow-private", "--format", "json", *extra],
                          capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    summary = report["summary"]
    errors = [issue for page in report.get("pages", []) for issue in page.get("issues", []) if issue.get("severity") == "error"]
    print(f"{name}: {summary}")
    assert done.returncode == 0 and summary["errors"] == 0 and not errors, (done.returncode, errors, done.stderr)
    assert summary["pages"] == 4, summary
PY

step "export_structured_data"
"$SITE_PY" manage.py export_structured_data --format ndjson --no-progress -o "$WORK/export.ndjson"
"$SITE_PY" manage.py rebuild_structured_data --no-progress
"$SITE_PY" - "$WORK/export.ndjson" <<'PY'
import json, sys

graphs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert len(graphs) == 4, len(graphs)
for graph in graphs:
    types = {node["@type"] for node in graph["@graph"]}
    assert {"WebPage", "WebSite", "BreadcrumbList"} <= types and types & {"Organization", "NewsMediaOrganization"}, types
print(f"export: {len(graphs)} graphs, one a line")
PY
cd "$REPO"
step "passed"
