"""Varnish in front of a :class:`bench.stack.Stack`'s gunicorn, with the repository's VCL, on loopback.

Its own working directory (``-n``) under the stack's temporary folder, free ports, stopped with
the stack (by its own pid); the purge token is set in the stack's environment, which varnishd and
the stack's later processes share. ``VARNISHD`` names the binary (default: Debian's /usr/sbin/varnishd).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path

from bench.stack import ROOT, Stack, free_port, wait_for_port

VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"


def varnishd() -> str | None:
    return shutil.which(os.environ.get("VARNISHD", "varnishd")) or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )


def start_varnish(stack: Stack) -> int:
    """Start varnishd in front of ``stack``'s gunicorn; its port."""
    binary = varnishd()
    if binary is None:
        raise RuntimeError("varnishd not found")
    port = free_port()
    vcl = stack.tmp / "newsroom.vcl"
    text = VCL.read_text()
    text = re.sub(r'\.port = "\d+";', f'.port = "{stack.port}";', text, count=1)
    vcl.write_text(text)
    # The purge token (deploy/varnish/newsroom.vcl): varnishd and every process of the stack share it.
    stack.env.setdefault("FRONTEND_CACHE_PURGE_TOKEN", secrets.token_urlsafe(24))
    workdir = stack.tmp / "varnish"
    workdir.mkdir(exist_ok=True)
    argv = [binary, "-F", "-n", str(workdir), "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
    argv += ["-s", "malloc,64m", "-T", "none", "-p", "ban_lurker_sleep=0.01"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv += ["-j", "none"]  # as root in a container: no jail user needed for a throwaway instance
    stack.spawn("varnish", argv)
    wait_for_port(port, timeout=30)
    return port
