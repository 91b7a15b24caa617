"""What the HTTP benchmarks share: the production stack, wrk, the ceilings, the report.

Every figure is measured against two ceilings on the same stack in the same run,
alternating (ceiling, subject, ceiling, subject, ...), because this machine is shared
and its speed drifts from minute to minute:

- the read ceiling: a bare Django view through the full middleware (bench.ceilings);
- the write ceiling: the same view doing exactly one INSERT in a transaction.

The load comes from wrk (C, one epoll loop per thread), so the generator is not what
limits the figures; its timeout is far above the slowest answer, and each report says
how slow the slowest was.

Run through make (bench-vote, bench-pages), inside scripts/with-postgres.sh and
scripts/with-redis.sh, which set DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua"
RESULTS = ROOT / "bench" / "results"
WRK_TIMEOUT = "30s"


def environment(port: int) -> dict[str, str]:
    """The environment gunicorn and the set-up code share: production settings over HTTP."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set: run this through make (bench-vote, bench-pages).")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        SITE_BASE_URL=f"http://127.0.0.1:{port}",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        ACCOUNT_DEFAULT_HTTP_PROTOCOL="http",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django(port: int) -> None:
    """Configure Django in this process with the same settings as the server."""
    os.environ.update(environment(port))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def ensure_wrk() -> str:
    """wrk from the OS package manager (installed when missing)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not installed; installing it with the OS package manager.", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if shutil.which("apt-get"):
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    elif shutil.which("dnf"):
        subprocess.run([*sudo, "dnf", "install", "-y", "-q", "wrk"], check=True)
    elif shutil.which("brew"):
        subprocess.run(["brew", "install", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("Cannot install wrk here: install it and run again.")
    return found


class Server:
    """gunicorn with the bench settings (production plus the ceiling views)."""

    def __init__(self, port: int, workers: int):
        self.port = port
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(self.port),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.answers() and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not start within 60 s.")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def answers(self, path: str = "/healthz") -> bool:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
        ).stdout
        return [int(pid) for pid in out.split()]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes


def wrk(
    url: str,
    *,
    script: str,
    args: tuple[str, ...] = (),
    connections: int = 50,
    threads: int = 2,
    seconds: int = 20,
) -> dict:
    """One wrk run; its figures (requests/s, p50/p95/p99 in ms, errors)."""
    time.sleep(2)  # let the workers finish what the last run left in their queue
    command = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "-s",
        str(LUA / script),
        url,
        "--",
        *args,
    ]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds_taken = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / seconds_taken, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "socket_errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "non_2xx_3xx": errors["status"],
        "kb_per_response": round(raw["bytes"] / max(1, raw["requests"]) / 1024, 1),
    }


@dataclass
class Alternation:
    """ceiling, subject, ceiling, subject, ...: the subject's figure over the ceiling's."""

    ceiling: list[dict] = field(default_factory=list)
    subject: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        ceiling = statistics.median(run["requests_per_s"] for run in self.ceiling)
        subject = statistics.median(run["requests_per_s"] for run in self.subject)
        return {
            "requests_per_s": round(subject, 1),
            "ceiling_per_s": round(ceiling, 1),
            "ratio": round(subject / ceiling, 3),
            "p50_ms": statistics.median(run["p50_ms"] for run in self.subject),
            "p95_ms": statistics.median(run["p95_ms"] for run in self.subject),
            "p99_ms": statistics.median(run["p99_ms"] for run in self.subject),
            "max_ms": max(run["max_ms"] for run in self.subject),
            "errors": sum(run["socket_errors"] + run["non_2xx_3xx"] for run in self.subject),
            "runs": {"ceiling": self.ceiling, "subject": self.subject},
        }


def alternate(ceiling, subject, *, rounds: int = 3, label: str = "") -> Alternation:
    result = Alternation()
    for number in range(1, rounds + 1):
        result.ceiling.append(ceiling())
        result.subject.append(subject())
        print(
            f"  {label} round {number}: ceiling {result.ceiling[-1]['requests_per_s']:8.1f}/s"
            f"   subject {result.subject[-1]['requests_per_s']:8.1f}/s"
            f"   p95 {result.subject[-1]['p95_ms']:6.1f} ms",
            flush=True,
        )
    return result


def machine() -> dict:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def kill_one_worker(server: Server) -> int:
    pid = server.worker_pids()[0]
    os.kill(pid, signal.SIGKILL)
    return pid
