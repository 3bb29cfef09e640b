"""The production stack on loopback, for the load and fault benchmarks: a throwaway PostgreSQL
database (or an SQLite file), a private redis-server, gunicorn with several workers, db_workers.

Everything listens on 127.0.0.1 only; every process started here is stopped by ``Stack.stop()``
(by its own pid, never by name), and the database is dropped unless ``keep`` is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), connect_timeout=3):
            return True
    except Exception:
        return False


def _pg_admin(sql: str, admin_url: str | None = None) -> None:
    import psycopg

    url = (admin_url or PG_ADMIN_URL).replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


class Stack:
    def __init__(
        self,
        *,
        sqlite: bool = False,
        db_name: str = "newsroom_load",
        gunicorn_workers: int = 4,
        redis: bool = True,
        env: dict | None = None,
        keep: bool = False,
        log=print,
        pg_admin_url: str | None = None,
        wsgi: str = "newsroom.wsgi:application",
    ):
        self.wsgi = wsgi
        self.pg_admin_url = pg_admin_url or PG_ADMIN_URL
        self.sqlite = sqlite
        self.db_name = db_name
        self.gunicorn_workers = gunicorn_workers
        self.use_redis = redis and not sqlite
        self.keep = keep
        self.log = log
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
        self.port = free_port()
        self.redis_port = free_port() if self.use_redis else None
        self.processes: dict[str, subprocess.Popen] = {}
        self.url = f"http://127.0.0.1:{self.port}"
        database_url = (
            f"sqlite:///{self.tmp}/newsroom.sqlite3" if sqlite else self.pg_admin_url.rsplit("/", 1)[0] + f"/{db_name}"
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "CACHE_URL": f"rediscache://127.0.0.1:{self.redis_port}/0" if self.use_redis else "locmemcache://bench",
            "CONN_MAX_AGE": "60",
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "EMAIL_URL": "dummymail://",
            "TASKS_BACKEND": (
                "django_tasks.backends.immediate.ImmediateBackend" if sqlite else "django_tasks_db.DatabaseBackend"
            ),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    # lifecycle -----------------------------------------------------------------------------------

    def setup(self, *, demo: bool = True) -> None:
        if self.use_redis:
            self.start_redis()
        if not self.sqlite:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)', self.pg_admin_url)
            _pg_admin(f'CREATE DATABASE "{self.db_name}"', self.pg_admin_url)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        if demo:
            self.manage(
                "load_demo_content",
                "--hostname",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--quiet",
                env={"NEWSROOM_ADMIN_PASSWORD": "bench-admin-password"},
            )

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        if not self.sqlite and not self.keep:
            with contextlib.suppress(Exception):
                _pg_admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)', self.pg_admin_url)
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # processes -----------------------------------------------------------------------------------

    def manage(self, *args: str, env: dict | None = None, check: bool = True, timeout: float = 600):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def spawn(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process._log = log  # type: ignore[attr-defined]
        self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)  # its own session: gunicorn's workers go with it
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout)
        process._log.close()  # type: ignore[attr-defined]

    def log_text(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        )
        wait_for_port(self.redis_port)

    def stop_redis(self) -> None:
        self.kill("redis", signal.SIGKILL)

    def start_gunicorn(self, timeout: float = 60) -> None:
        self.spawn(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.wsgi,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.gunicorn_workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.get("/healthz")[0] in (200, 503):
                return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start:\n" + self.log_text("gunicorn"))

    def start_worker(self, name: str = "worker", *args: str, env: dict | None = None) -> subprocess.Popen:
        return self.spawn(
            name,
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload", *args],
            env=env,
        )

    # HTTP ----------------------------------------------------------------------------------------

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.url + path, headers={"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            return 0, b""

    def query(self, code: str) -> object:
        """Run ``code`` (which sets ``result``) in a Django shell against the stack's database; JSON back."""
        script = f"import json\n{code}\nprint('@@' + json.dumps(result, default=str))"
        output = self.manage("shell", "-c", script).stdout
        return json.loads(output.rsplit("@@", 1)[1])

    def article_paths(self) -> list[str]:
        return self.query(
            "from articles.models import ArticlePage\n"
            "result = [page.url for page in ArticlePage.objects.live().public().specific()]"
        )


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")
