"""Demo content beyond the core of ``load_demo``, one module per topic.

Each module has a ``load() -> None`` that finds the organisations and people of ``load_demo`` by
their natural keys and adds its topic idempotently; ``load_demo`` calls them after its own part.
"""

DEMO_PASSWORD = "Demo-Zugang-2026!"  # noqa: S105 - documented demo-only password
# Editors must use a second factor; the demo editor gets this documented demo-only TOTP secret.
DEMO_TOTP_SECRET = "DEMOREDAKTIONSICHERIMDIENST23456"  # noqa: S105 - base32, demo only
