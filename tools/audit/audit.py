"""``make audit``: Lighthouse, axe and the Nu HTML checker over every page type, on the production stack.

    python tools/audit/audit.py [--pages home,article] [--no-lighthouse] [--json results.json] [--screenshots DIR]

Starts what production runs (bench/stack.py): gunicorn with the production settings, WhiteNoise for
static files (collectstatic), a private redis-server, a throwaway PostgreSQL database (SQLite with
--sqlite), and the demo (``load_demo_content``, which makes every photo's renditions ahead of time,
and one archived newsletter edition). Then, per page type (tools/audit/page_types.py): the Nu checker
on the HTML as served, axe in Chromium at 375 and 1280 px, Lighthouse on mobile and desktop. Prints
a table per page; exits 1 if any page misses a goal (Lighthouse 100 in all four categories, no axe
violation, no Nu error or warning).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from dataclasses import asdict
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.stack import Stack, postgres_available  # noqa: E402
from tools.audit import checks  # noqa: E402
from tools.audit.page_types import NOINDEX  # noqa: E402


def new_stack(args, log) -> Stack:
    return Stack(
        sqlite=args.sqlite or not postgres_available(),
        db_name=args.db_name,
        gunicorn_workers=2,
        wsgi="tools.audit.wsgi:application",
        env={
            # Plain HTTP on loopback: no redirect to HTTPS (Chromium treats 127.0.0.1 as a secure origin).
            "SECURE_SSL_REDIRECT": "False",
            "ARTICLES_RENDITIONS_AHEAD": "True" if args.renditions_ahead else "False",
        },
        log=log,
    )


def prepare(stack: Stack, args, log) -> None:
    """Database, static files, the demo and its renditions (reused from --state when there)."""
    state = Path(args.state).resolve() if args.state else None
    reuse = bool(state and (state / "demo-loaded").exists())
    if state:
        # A kept database and media folder: a second run skips the demo (minutes on a loaded machine).
        import shutil

        shutil.rmtree(stack.tmp, ignore_errors=True)
        state.mkdir(parents=True, exist_ok=True)
        stack.tmp, stack.keep = state, True
        stack.env.update({"STATIC_ROOT": str(state / "static"), "MEDIA_ROOT": str(state / "media")})
        if stack.sqlite:
            stack.env["DATABASE_URL"] = f"sqlite:///{state}/newsroom.sqlite3"
    log(f"Production stack ({'SQLite' if stack.sqlite else 'PostgreSQL'}, Redis){' reused' if reuse else ', demo'}…")
    if reuse:
        stack.start_redis()
        stack.manage("migrate", "--noinput", "-v0")
        stack.manage("collectstatic", "--noinput", "-v0")
        stack.manage("load_demo_content", "--hostname", "127.0.0.1", "--port", str(stack.port), "--quiet", timeout=3600)
    else:
        # bench/stack.py's setup, in steps with room for a loaded machine: the demo, then its renditions.
        stack.setup(demo=False)
        demo = ("load_demo_content", "--hostname", "127.0.0.1", "--port", str(stack.port), "--quiet")
        stack.manage(
            *demo,
            env={"NEWSROOM_ADMIN_PASSWORD": "audit-admin-password", "ARTICLES_RENDITIONS_AHEAD": "False"},
            timeout=3600,
        )
        if args.renditions_ahead:
            stack.manage("make_renditions", timeout=3600)
        stack.manage("send_daily_headlines", timeout=600)  # one edition for the newsletter archive's page
        if state:
            (state / "demo-loaded").write_text(stack.env["DATABASE_URL"])


def started_stack(args, log) -> Stack:
    """The stack set up and serving; whatever it started is stopped again if a step fails."""
    stack = new_stack(args, log)
    try:
        prepare(stack, args, log)
        stack.start_gunicorn()
    except BaseException:
        stack.stop()
        raise
    return stack


def find_paths(stack: Stack, names: list[str] | None) -> dict[str, str | None]:
    return cast(
        dict[str, str | None],
        stack.query(
            f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from tools.audit.page_types import find_paths\n"
            f"result = find_paths({names!r})"
        ),
    )


def run(args) -> dict:
    log = print if not args.quiet else (lambda *a: None)
    missing = checks.tools_missing()
    if missing:
        raise SystemExit(
            f"Missing: {', '.join(missing)} (make audit installs the npm tools: npm ci --prefix tools/audit)"
        )
    results: dict = {}
    stack = None
    try:
        stack = started_stack(args, log)
        paths = find_paths(stack, args.pages.split(",") if args.pages else None)
        for name, path in paths.items():
            results[name] = {"path": path}
            if path is None:
                log(f"{name}: none in the demo, skipped")
        found = {name: path for name, path in paths.items() if path}
        # The Nu checker reads the HTML as served.
        documents = {}
        for name, path in found.items():
            status, body = stack.get(path)
            results[name]["status"] = status
            documents[name] = body
            if name in NOINDEX:
                results[name]["says_noindex"] = b'<meta name="robots" content="noindex' in body
        for name, nu in checks.nu_check(documents).items():
            results[name]["nu"] = asdict(nu)
        save_partial(args, results)
        # axe, console errors and failed requests in Chromium, at each width (with screenshots if asked).
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=checks.CHROME_PATH, args=checks.CHROME_FLAGS[1:])
            try:
                for name, path in found.items():
                    results[name]["browser"] = {}
                    for width in checks.WIDTHS:
                        shot = Path(args.screenshots) / f"audit-{name}-{width}.png" if args.screenshots else None
                        findings = checks.axe_page(browser, stack.url + path, width, shot)
                        results[name]["browser"][str(width)] = asdict(findings)
            finally:
                browser.close()
        save_partial(args, results)
        if not args.no_lighthouse:
            for name, path in found.items():
                results[name]["lighthouse"] = {}
                for form_factor in ("mobile", "desktop"):
                    log(f"Lighthouse {form_factor}: {name} {path}")
                    outcome = checks.lighthouse(stack.url + path, form_factor)
                    results[name]["lighthouse"][form_factor] = asdict(outcome)
                    save_partial(args, results)
    finally:
        if stack is not None:
            stack.stop()
    return results


def save_partial(args, results: dict) -> None:
    """What is measured so far, in --json's file: a long run on a loaded machine leaves something behind."""
    if args.json:
        Path(args.json).write_text(json.dumps({"partial": True, "results": results}, indent=1))


def page_table(name: str, result: dict) -> str:
    """One page's results as a Markdown table (what the terminal shows and docs/audits.md records)."""
    rows = [
        f"### {name} (`{result.get('path')}`)",
        "",
        "| check | mobile (375 px) | desktop (1280 px) |",
        "| --- | --- | --- |",
    ]
    lighthouse = result.get("lighthouse") or {}
    for category in checks.LIGHTHOUSE_CATEGORIES:
        cells = [str(lighthouse.get(f, {}).get("scores", {}).get(category, "-")) for f in ("mobile", "desktop")]
        rows.append(f"| Lighthouse {category} | {cells[0]} | {cells[1]} |")
    browser = result.get("browser") or {}
    cells = [str(len(browser.get(str(w), {}).get("violations", []))) if browser else "-" for w in checks.WIDTHS]
    rows.append(f"| axe violations | {cells[0]} | {cells[1]} |")
    cells = [
        str(
            len(browser.get(str(w), {}).get("console_errors", []))
            + len(browser.get(str(w), {}).get("failed_requests", []))
        )
        if browser
        else "-"
        for w in checks.WIDTHS
    ]
    rows.append(f"| console errors, failed requests | {cells[0]} | {cells[1]} |")
    nu = result.get("nu")
    nu_cell = f"{len(nu['errors'])} / {len(nu['warnings'])}" if nu else "-"
    rows.append(f"| Nu errors / warnings (HTML as served) | {nu_cell} | {nu_cell} |")
    return "\n".join(rows)


def expected_failures(result: dict, category: str) -> set[str]:
    """Lighthouse audits a page fails by design: ``is-crawlable`` on a page that says ``noindex``."""
    return {"is-crawlable"} if category == "seo" and result.get("says_noindex") else set()


def problems(result: dict) -> list[str]:
    found = []
    if result.get("says_noindex") is False:
        found.append('no <meta name="robots" content="noindex"> on a page type listed in NOINDEX')
    for form_factor, outcome in (result.get("lighthouse") or {}).items():
        for category, score in outcome["scores"].items():
            failing = outcome["failing"][category]
            expected = expected_failures(result, category)
            if score < 100 and not (failing and {audit.split(" ")[0] for audit in failing} <= expected):
                found.append(f"Lighthouse {form_factor} {category} {score}: {', '.join(failing)}")
    for width, findings in (result.get("browser") or {}).items():
        found += [f"{width}px {line}" for line in checks.BrowserFindings(**findings).summary()]
    nu = result.get("nu") or {}
    found += [f"Nu error {e}" for e in nu.get("errors", [])] + [f"Nu warning {w}" for w in nu.get("warnings", [])]
    if result.get("status") not in (None, 200):
        found.append(f"HTTP {result['status']}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", help="Comma-separated page types (tools/audit/page_types.py). Default: all.")
    parser.add_argument("--no-lighthouse", action="store_true", help="Only axe and the Nu checker (fast).")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL.")
    parser.add_argument("--db-name", default="newsroom_audit", help="The throwaway PostgreSQL database's name.")
    parser.add_argument("--no-renditions-ahead", dest="renditions_ahead", action="store_false")
    parser.add_argument("--state", help="Keep the database and media here and reuse them on the next run.")
    parser.add_argument("--json", help="Also write the results here.")
    parser.add_argument("--screenshots", help="Save a screenshot per page and width in this folder.")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    results = run(args)
    print(f"\nAudit of {started:%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores)\n")
    failed = False
    for name, result in results.items():
        if not result.get("path"):
            continue
        print(page_table(name, result) + "\n")
        if result.get("says_noindex"):
            print("  - expected: Lighthouse seo is-crawlable fails, as the page says noindex (NOINDEX)")
        for line in problems(result):
            failed = True
            print(f"  - {line}")
        print()
    if args.json:
        Path(args.json).write_text(json.dumps({"started": started.isoformat(), "results": results}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
