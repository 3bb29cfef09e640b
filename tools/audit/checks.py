"""The three audits, each a function over URLs or HTML: axe-core in Chromium, the Nu HTML checker, Lighthouse.

Every tool comes from tools/audit/node_modules (``npm ci``: axe-core, vnu-jar, lighthouse) and runs
Debian's chromium (``CHROME_PATH``, default /usr/bin/chromium) and the machine's java: nothing here
downloads a browser. The test (tests/browser/test_page_audit.py) and ``make audit`` (audit.py) share them.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
NODE_MODULES = TOOLS / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: The phone and desktop widths every page is checked at (and screenshotted).
WIDTHS = (375, 1280)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def tools_missing() -> list[str]:
    """What is not installed (``npm ci --prefix tools/audit``, chromium, java); empty when all is there."""
    missing = [str(path) for path in (AXE_SCRIPT, VNU_JAR, LIGHTHOUSE) if not path.exists()]
    if not (os.path.exists(CHROME_PATH) and os.access(CHROME_PATH, os.X_OK)):
        missing.append(CHROME_PATH)
    if subprocess.run(["which", "java"], capture_output=True, check=False).returncode:
        missing.append("java")
    return missing


# axe ---------------------------------------------------------------------------------------------


@dataclass
class BrowserFindings:
    """What one page showed in Chromium at one width: axe's violations, console errors, failed requests."""

    violations: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = [
            f"axe {v['id']} ({v['impact']}): {len(v['nodes'])}x e.g. {v['nodes'][0]['target']}" for v in self.violations
        ]
        lines += [f"console: {message}" for message in self.console_errors]
        lines += [f"failed: {url}" for url in self.failed_requests]
        return lines


def axe_page(browser, url: str, width: int, screenshot: Path | None = None) -> BrowserFindings:
    """Open ``url`` at ``width`` CSS px in a Playwright ``browser``, run axe on it and note what went wrong.

    CSP is bypassed only so that axe's script can be added to the page; the page's own scripts run
    under its real policy first (a violation of it shows as a console error).
    """
    findings = BrowserFindings()
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and findings.console_errors.append(m.text))
        page.on("pageerror", lambda error: findings.console_errors.append(str(error)))
        page.on("requestfailed", lambda request: findings.failed_requests.append(request.url))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and findings.failed_requests.append(f"{response.status} {response.url}")
            ),
        )
        page.goto(url, wait_until="load")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        findings.violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [{"target": n["target"], "html": n["html"][:200]} for n in v["nodes"]],
            }
            for v in result["violations"]
        ]
    finally:
        context.close()
    # Only what reaches past the page itself counts as failed: an embed's third-party host cannot be
    # reached from a machine without a network, which says nothing about the page.
    origin = url.split("/", 3)[:3]
    findings.failed_requests = [f for f in findings.failed_requests if f.split(" ")[-1].split("/", 3)[:3] == origin]
    return findings


# Nu HTML checker ---------------------------------------------------------------------------------


@dataclass
class NuFindings:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def nu_check(documents: dict[str, bytes]) -> dict[str, NuFindings]:
    """Check each named HTML document with the Nu checker (vnu.jar, one JVM for all): errors and warnings."""
    results = {name: NuFindings() for name in documents}
    with tempfile.TemporaryDirectory(prefix="newsroom-nu-") as folder:
        files = {}
        for name, html in documents.items():
            path = Path(folder) / f"{name}.html"
            path.write_bytes(html)
            files[path.resolve().as_uri()] = name
        completed = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *[Path(folder) / f"{n}.html" for n in documents],
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = json.loads(completed.stderr or completed.stdout or '{"messages": []}')
    for message in report.get("messages", []):
        name = files.get(message.get("url", "").replace("file:/", "file:///", 1)) or files.get(message.get("url", ""))
        if name is None:
            name = next(
                (n for uri, n in files.items() if uri.endswith("/" + message.get("url", "").rsplit("/", 1)[-1])), None
            )
        if name is None:
            continue
        text = f"line {message.get('lastLine', '?')}: {message.get('message', '')}"
        if message.get("type") == "error" or message.get("type") == "non-document-error":
            results[name].errors.append(text)
        elif message.get("type") == "info" and message.get("subType") == "warning":
            results[name].warnings.append(text)
    return results


# Lighthouse --------------------------------------------------------------------------------------


@dataclass
class LighthouseResult:
    scores: dict[str, int]
    failing: dict[str, list[str]]  # category -> audits under 1 that count in it


def lighthouse(url: str, form_factor: str = "mobile", timeout: float = 300) -> LighthouseResult:
    """Lighthouse's four category scores (0-100) for ``url``, with the audits that cost points."""
    with tempfile.TemporaryDirectory(prefix="newsroom-lh-") as folder:
        output = Path(folder) / "report.json"
        argv = [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        ]
        if form_factor == "desktop":
            argv.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROME_PATH}
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        if not output.exists():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
        report = json.loads(output.read_text())
    scores, failing = {}, {}
    for name, category in report["categories"].items():
        scores[name] = round((category["score"] or 0) * 100)
        failing[name] = [
            f"{ref['id']} ({report['audits'][ref['id']]['score']})"
            for ref in category["auditRefs"]
            if ref.get("weight")
            and report["audits"][ref["id"]].get("score") is not None
            and report["audits"][ref["id"]]["score"] < 1
        ]
    return LighthouseResult(scores=scores, failing=failing)
