"""What nine facet aggregations cost the embedded search server, by the shape they are asked in.

    uv run python bench/facet_aggregations.py [--docs 20000] [--rounds 7]

Starts its own osmem, indexes synthetic documents with nine keyword fields and a German text field
(about a fifth match the query), then times one permission-filtered query side by side, interleaved:

- no aggregations (the baseline of the same run);
- nine ``terms`` at the top level (what search.queries asks when no other facet narrows a facet);
- nine ``terms`` each under an empty ``filter`` aggregation (what it asked before);
- eight top-level ``terms`` and one under a real filter (one facet selected).

Prints p50 and the server's own ``took`` per shape. No database is needed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from search import client as search_client  # noqa: E402
from search import embedded  # noqa: E402

FIELDS = ["type", "target_groups", "professional_fields", "phases", "measure_types", "incident_types"]
FIELDS += ["organisation", "region", "year"]
INDEX = "bench-facets"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    server = embedded.start("127.0.0.1:0")
    settings.SEARCH = {**settings.SEARCH, "URL": server.url, "EMBEDDED": True}
    search_client.reset()
    es = search_client.get_client().options(request_timeout=120)
    try:
        es.indices.create(
            index=INDEX,
            mappings={
                "properties": {
                    **{f: {"type": "keyword"} for f in FIELDS},
                    "year": {"type": "integer"},
                    "body": {"type": "text", "analyzer": "german"},
                    "visibility": {"type": "keyword"},
                    "group": {"type": "keyword"},
                }
            },
        )
        words = [
            "Gewalt",
            "Schule",
            "Bürgerbüro",
            "Deeskalation",
            "Notfall",
            "Alarm",
            "Training",
            "Meldung",
            "Jobcenter",
        ]
        words += [f"wort{i}" for i in range(400)]
        rnd = random.Random(1)
        ops: list[dict] = []
        for i in range(args.docs):
            doc: dict = {f: [f"{f}{rnd.randint(0, 15)}" for _ in range(2)] for f in FIELDS if f != "year"}
            doc["year"] = rnd.randint(2015, 2026)
            doc["body"] = " ".join(rnd.choice(words) for _ in range(40))
            doc["visibility"] = rnd.choice(["public", "members", "group"])
            doc["group"] = f"thread-{i // 5}"
            ops += [{"index": {"_index": INDEX, "_id": i}}, doc]
            if len(ops) >= 4000:
                es.bulk(operations=ops)
                ops = []
        if ops:
            es.bulk(operations=ops)
        es.indices.refresh(index=INDEX)

        def terms(field: str) -> dict:
            return {"terms": {"field": field, "size": 20}}

        shapes = {
            "no aggregations (baseline)": {},
            "nine top-level terms": {f: terms(f) for f in FIELDS},
            "nine terms under empty filter": {
                f: {"filter": {"bool": {"filter": []}}, "aggs": {"values": terms(f)}} for f in FIELDS
            },
            "eight top-level + one filtered": {
                **{f: terms(f) for f in FIELDS[1:]},
                "type": {
                    "filter": {"bool": {"filter": [{"term": {"year": 2020}}]}},
                    "aggs": {"values": terms("type")},
                },
            },
        }
        card = {"cardinality": {"field": "group", "precision_threshold": 40000}}
        grouped = {f: terms(f) for f in FIELDS}
        for f in ("type", "year"):
            grouped[f] = {**terms(f), "aggs": {"groups": card}}
        shapes["nine terms + group counts"] = {**grouped, "groups": card}
        shapes["... + collapse on group"] = {**grouped, "groups": card}
        shapes["collapse only (no aggregations)"] = {}
        collapse = {"field": "group", "inner_hits": {"name": "group", "size": 0}}
        extra = {name: {"collapse": collapse} for name in shapes if "collapse" in name}
        timings: dict[str, list[float]] = {name: [] for name in shapes}
        took: dict[str, list[int]] = {name: [] for name in shapes}
        query = {
            "bool": {
                "must": [{"match": {"body": "Gewalt Schule"}}],
                "filter": [{"terms": {"visibility": ["public", "members"]}}],
            }
        }
        for round_ in range(args.rounds + 1):  # the first round warms up and is not counted
            for name, aggs in shapes.items():
                started = time.perf_counter()
                response = es.search(
                    index=INDEX, query=query, size=10, track_total_hits=True, aggs=aggs, **extra.get(name, {})
                )
                if round_:
                    timings[name].append((time.perf_counter() - started) * 1000)
                    took[name].append(response["took"])
        print(f"{args.docs} documents, {response['hits']['total']['value']} match, {args.rounds} rounds")
        print(f"{'shape':34} {'p50 ms':>8} {'took p50':>9}  (one request each)")
        for name in shapes:
            print(f"{name:34} {statistics.median(timings[name]):8.1f} {statistics.median(took[name]):9.0f}")
    finally:
        server.close()


if __name__ == "__main__":
    main()
