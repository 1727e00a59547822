"""Operating the site: backups that restore, JSON logs with a request id, metrics, error reports.

A Django app of its own (label ``ops``) so that its one table (:class:`TaskFailure`) has its own
migration history. Nothing here is imported by the content or exchange code; the project settings,
the health endpoint (cms/api.py), the URLs and the management commands use it.

- ``backup``/``restore``: one dated, checksummed archive with the database (django-dbbackup),
  the media files and the private attachment store; verify, restore, retention.
- ``logs``: the JSON log format (python-json-logger) with the request id (django-guid), with
  personal data kept out.
- ``middleware``: one log line per request (route, status, time; never the URL's values).
- ``health``: outbox backlog and failed tasks, shared by /api/health and /metrics.
- ``metrics``: the Prometheus endpoint (django-prometheus for request latency, our collector for
  the rest), behind a token.
- ``sentry``: error reports to Sentry when SENTRY_DSN is set, scrubbed of personal data.
- ``tasks``: the nightly backup for Celery beat; failed tasks are recorded in ``TaskFailure``.
"""
