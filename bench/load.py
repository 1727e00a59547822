"""`make bench-load`: the whole stack on 127.0.0.1 under a bounded locust load, with baselines.

Starts (and stops again) its own embedded search server, Celery worker and gunicorn; uses its own
PostgreSQL database (``sid_load``, created if missing, kept between runs so that seeding is done
once) and Redis db 8. Seeds members, practices and threads through the project's services, then
runs locust headless for ``--duration`` seconds and prints requests/s, p50/p95/p99 per endpoint and
errors, next to the physical-limit baselines measured in the same run (a view that does nothing, a
static file, a raw search-server query), checks every page's p95 against 5x the trivial page's,
shows where the server's time goes per page (queries included; bench/querycount.py) and checks that
every accepted reply is in the database once and in the index (bench/load_verify.py). Writes
bench/results/load-<date>.md (bench/load_report.py renders it).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
from load_report import locust_rows, render, timings
from osmem_server import OsmemServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[bench-load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def database_ensure(name: str) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent members (default 50)")
    parser.add_argument(
        "--spawn-rate", type=float, default=2, help="members logging in per second (default 2)"
    )
    parser.add_argument("--members", type=int, default=60, help="members to seed (one account per user)")
    parser.add_argument("--practices", type=int, default=40)
    parser.add_argument("--threads", type=int, default=30)
    parser.add_argument("--replies", type=int, default=4, help="replies per seeded thread")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8108)))
    parser.add_argument("--search-port", type=int, default=int(os.environ.get("LOAD_SEARCH_PORT", 9258)))
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE", "sid_load"))
    parser.add_argument("--redis", default=os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/8"))
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = RESULTS / "load-tmp"
    work.mkdir(exist_ok=True)
    timings_dir = work / "timings"
    shutil.rmtree(timings_dir, ignore_errors=True)
    timings_dir.mkdir()
    accepted = work / "accepted.jsonl"
    accepted.unlink(missing_ok=True)
    search_addr = f"127.0.0.1:{args.search_port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": args.redis,
        "SEARCH_EMBEDDED_ADDR": search_addr,
        "LOG_LEVEL": "WARNING",
        # DEBUG stays on: production mode sets Secure cookies, which a plain-http load client cannot
        # send back. DEBUG only adds the query log (capped) and the debug error pages here.
        "DEBUG": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    eager = {**env, "CELERY_BROKER_URL": ""}

    osmem = worker = web = None
    try:
        log(f"database {args.database}, Redis {args.redis}, search {search_addr}, web 127.0.0.1:{args.port}")
        database_ensure(args.database)
        osmem = OsmemServer.start(addr=search_addr, japanese=False)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        seed_file = work / "load-seed.json"
        log("seeding through the services (once; later runs only top up)")
        started = time.monotonic()
        run(
            [
                PYTHON,
                "bench/load_seed.py",
                str(args.members),
                str(args.practices),
                str(args.threads),
                str(args.replies),
                str(seed_file),
            ],
            eager,
        )
        seed = json.loads(seed_file.read_text())
        log(f"seeded in {time.monotonic() - started:.0f} s; rebuilding the (in-memory) index")
        run([PYTHON, "manage.py", "search_index", "--rebuild"], eager)
        run([PYTHON, "-m", "celery", "-A", "cms", "purge", "-f"], env)
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=(work / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        # the bench settings add bench/querycount.py's timing middleware (only in this gunicorn)
        web_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "bench.settings_load",
            "LOAD_TIMINGS_DIR": str(timings_dir),
        }
        web = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "-b",
                f"127.0.0.1:{args.port}",
                "-w",
                str(args.workers),
                "--log-level",
                "warning",
                "--preload",  # load the app once before forking: no cold start inside the measurement
            ],
            cwd=ROOT,
            env=web_env,
            stdout=(work / "gunicorn.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{args.port}"
        wait_http(f"{host}/healthz")
        log(f"locust: {args.users} members for {args.duration} s")
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--host",
                host,
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOAD_SEED": str(seed_file),
                "LOAD_SEARCH_URL": f"http://{search_addr}",
                "LOAD_RUN": str(int(time.time())),
                "LOAD_ACCEPTED": str(accepted),
            },
            check=False,
        )
        log("checking the accepted replies in the database and the index")
        verified = (
            subprocess.run(
                [PYTHON, "bench/load_verify.py", str(accepted)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        rows, total = locust_rows(work / "load_stats.csv")
        failures = list(csv.DictReader((work / "load_failures.csv").open()))
        meta = {
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": "make bench-load  # = uv run python bench/load.py " + " ".join(sys.argv[1:]),
            "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
            "gunicorn_workers": args.workers,
            "users": args.users,
            "duration": args.duration,
            "seed": f"{len(seed['emails'])} members, {len(seed['practices'])} practices, "
            f"{len(seed['threads'])} threads, {seed['posts']} posts",
        }
        report = render(rows, total, failures, timings(timings_dir), json.loads(verified), meta)
        out = RESULTS / f"load-{dt.date.today():%Y-%m-%d}.md"
        out.write_text(report)
        print()
        print(report)
        log(f"written to {out.relative_to(ROOT)}")
    finally:
        stop(web)
        stop(worker)
        if osmem is not None:
            osmem.close()


if __name__ == "__main__":
    main()
