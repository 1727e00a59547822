"""The report of `make bench-load` (bench/load.py): locust's figures per endpoint next to the
in-run baselines, the criterion (p95 of every page within 5x the p95 of the trivial page), where the
server's time goes per page (bench/querycount.py's lines) and the check of the accepted replies."""

from __future__ import annotations

import csv
import json
import statistics
from pathlib import Path

BASELINE = "baseline: /healthz (no db)"  # the trivial page: no database, session or template
SETUP = {"login", "login page"}  # each member once, before the mix; PBKDF2 on purpose, not a page
FACTOR = 5.0


def locust_rows(stats_csv: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = list(csv.DictReader(stats_csv.open()))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return [r for r in rows if r["Name"] != "Aggregated"], total


def pages(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if not r["Name"].startswith("baseline") and r["Name"] not in SETUP]


def criterion(rows: list[dict[str, str]]) -> tuple[float, list[tuple[str, float, bool]]]:
    """(baseline p95, [(page, p95, within 5x)])."""
    baseline = float(next(r for r in rows if r["Name"] == BASELINE)["95%"])
    return baseline, [(r["Name"], float(r["95%"]), float(r["95%"]) <= FACTOR * baseline) for r in pages(rows)]


def timings(directory: Path) -> dict[str, dict[str, float]]:
    """Per route (server side): requests, total/db/search ms (mean, p95 of total), queries."""
    by_route: dict[str, list[dict]] = {}
    for path in directory.glob("requests-*.jsonl"):
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            by_route.setdefault(f"{entry['method']} /{entry['route']}", []).append(entry)
    out = {}
    for route, entries in by_route.items():
        totals = sorted(e["total_ms"] for e in entries)
        out[route] = {
            "requests": len(entries),
            "total_mean": statistics.fmean(totals),
            "total_p95": totals[min(len(totals) - 1, int(0.95 * len(totals)))],
            "db_mean": statistics.fmean(e["db_ms"] for e in entries),
            "search_mean": statistics.fmean(e["search_ms"] for e in entries),
            "queries_mean": statistics.fmean(e["queries"] for e in entries),
            "queries_max": max(e["queries"] for e in entries),
        }
    return out


def _locust_line(r: dict[str, str]) -> str:
    return (
        f"| {r['Name']} | {r['Request Count']} | {float(r['Requests/s']):.1f} | "
        f"{r['50%']} | {r['95%']} | {r['99%']} | {r['Failure Count']} |"
    )


def _server_line(route: str, t: dict[str, float]) -> str:
    rest = t["total_mean"] - t["db_mean"] - t["search_mean"]
    return (
        f"| `{route}` | {t['requests']:g} | {t['total_mean']:.1f} | {t['total_p95']:.1f} | "
        f"{t['db_mean']:.1f} | {t['search_mean']:.1f} | {rest:.1f} | "
        f"{t['queries_mean']:.1f} / {t['queries_max']:g} |"
    )


def render(rows, total, failures, server: dict[str, dict[str, float]], verify: dict, meta: dict) -> str:
    baseline, checked = criterion(rows)
    app = [r for r in rows if not r["Name"].startswith("baseline")]
    out = [
        f"# Load run {meta['date']}",
        "",
        f"Command: `{meta['command']}`",
        "",
        f"Machine: {meta['machine']}. Stack: gunicorn ({meta['gunicorn_workers']} sync workers, cms.wsgi) + "
        "PostgreSQL + Redis + 1 Celery worker + embedded osmem, all on 127.0.0.1. "
        f"{meta['users']} members, {meta['duration']} s, wait 0.5–1.5 s between requests per member. "
        f"Data: {meta['seed']}.",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[_locust_line(r) for r in sorted(app, key=lambda r: r["Name"])],
        f"| **all application requests** | {sum(int(r['Request Count']) for r in app)} | "
        f"{sum(float(r['Requests/s']) for r in app):.1f} | | | | "
        f"{sum(int(r['Failure Count']) for r in app)} |",
        "| *physical-limit baselines (same run)* | | | | | | |",
        *[_locust_line(r) for r in sorted(rows, key=lambda r: r["Name"]) if r["Name"].startswith("baseline")],
        f"| **total** | {total['Request Count']} | {float(total['Requests/s']):.1f} | {total['50%']} | "
        f"{total['95%']} | {total['99%']} | {total['Failure Count']} |",
        "",
        f"Criterion: p95 of every page ≤ {FACTOR:g} × p95 of `{BASELINE}` = {FACTOR * baseline:g} ms "
        "(login is set-up, not a page of the mix).",
        "",
        "| page | p95 ms | × baseline | within |",
        "|---|---:|---:|---|",
        *[
            f"| {name} | {p95:g} | {p95 / baseline:.1f} | {'yes' if ok else '**no**'} |"
            for name, p95, ok in checked
        ],
        "",
        "Where the server's time goes (bench/querycount.py; time inside Django, without waiting for a free "
        "gunicorn worker), per route:",
        "",
        "| route | requests | mean ms | p95 ms | SQL ms | search ms | rest ms | queries mean / max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *[
            _server_line(route, t)
            for route, t in sorted(server.items(), key=lambda item: -item[1]["total_p95"])
        ],
        "",
        f"Accepted replies: {verify.get('accepted')}; in the database exactly once: "
        f"{verify.get('in_database_once')}; missing: {len(verify.get('missing_in_database', []))}; "
        f"duplicated: {len(verify.get('duplicated_in_database', []))}; missing in the index: "
        f"{len(verify.get('missing_in_index', []))}. Outboxes empty {verify.get('outbox_drained_after_s')} s "
        f"after the run (still pending: {verify.get('outbox_pending_after')}).",
    ]
    if failures:
        out += ["", "Errors:", ""]
        out += [f"- {f['Method']} {f['Name']}: {f['Error']} ×{f['Occurrences']}" for f in failures]
    return "\n".join(out) + "\n"
