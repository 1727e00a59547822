"""Settings of the load test's gunicorn: the project's, plus the bench-only middleware that writes
where each request's time goes (bench/querycount.py). Never used outside `make bench-load`."""

from cms.settings import *  # noqa: F403
from cms.settings import MIDDLEWARE

MIDDLEWARE = ["bench.querycount.TimingMiddleware", *MIDDLEWARE]
