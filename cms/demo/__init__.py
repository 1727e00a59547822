"""Demo content beyond the core of ``load_demo``, one module per topic.

Each module has a ``load() -> None`` that finds the organisations and people of ``load_demo`` by
their natural keys and adds its topic idempotently; ``load_demo`` calls them after its own part.
"""
