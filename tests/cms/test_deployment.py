"""Deployment files (Dockerfile, docker-compose.yml, .dockerignore) and the production checks of
cms/settings.py.

No Docker engine runs where these tests run, so nothing is built or started: the compose file is
checked as YAML, the Dockerfile as text. The settings are exercised for real, in subprocesses
(``manage.py check``) with production-like environments. No database is needed.
"""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
import secrets
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "cms" / "settings.py"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

EXPECTED_SERVICES = {"web", "worker", "beat", "db", "redis", "elasticsearch", "mailpit"}
# Variables of the caller's environment that would point the subprocesses at real services, or that
# a test harness sets for itself (the browser tests' async-safety switch is never set in deployment).
SCRUBBED = ("DATABASE_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
TIMEOUT = 120


# --- helpers ------------------------------------------------------------------------------------
def settings_env_names() -> set[str]:
    """Names cms/settings.py reads: ``env("X", ...)`` and ``env.<cast>("X", ...)`` calls."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
        )
        first = node.args[0]
        if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def app_services(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Services running the application image: web's build/image (worker, beat, migrate, ...)."""
    web = services["web"]
    return {
        name: svc
        for name, svc in services.items()
        if ("build" in svc and svc.get("build") == web.get("build"))
        or ("image" in svc and svc.get("image") == web.get("image"))
    }


def env_mapping(environment: dict[str, Any] | list[str] | None) -> dict[str, str]:
    if environment is None:
        return {}
    if isinstance(environment, dict):
        return {name: "" if value is None else str(value) for name, value in environment.items()}
    return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)


_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}`` (enough for this file)."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = variables.get(name)
        if op in (":-", ":?") and not current:
            current = None
        if current is not None:
            return current
        if op in ("?", ":?"):
            raise KeyError(f"{name}: {arg}")
        return arg or ""

    return _INTERPOLATION.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


def command_words(command: str | list[str] | None) -> list[str]:
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, buffer = [], ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        keyword, _, arguments = (buffer + line).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        buffer = ""
    assert not buffer, "Dockerfile ends inside a continued line"
    return instructions


def exec_or_shell(arguments: str) -> list[str]:
    """A CMD/ENTRYPOINT/HEALTHCHECK CMD argument: JSON exec form or shell form."""
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def subprocess_env(**values: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(values)
    return env


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    secret_key = secrets.token_urlsafe(48)
    assert len(secret_key) == 64
    values = {
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "exchange.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CSRF_TRUSTED_ORIGINS": "https://exchange.example.org",
    }
    values.update(overrides)
    return subprocess_env(**values)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


# --- docker-compose.yml ---------------------------------------------------------------------------
def test_compose_services_and_images():
    data = compose()
    assert "version" not in data, "Compose spec: the top-level `version` key is obsolete"
    services = data["services"]
    assert set(services) >= EXPECTED_SERVICES, f"missing services: {EXPECTED_SERVICES - set(services)}"

    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.\d+\.\d+", services["elasticsearch"]["image"]
    )
    assert services["mailpit"]["image"].split(":")[0] == "axllent/mailpit"
    assert any(str(port).endswith("8025:8025") for port in services["mailpit"].get("ports", []))

    web, worker, beat = (services[name] for name in ("web", "worker", "beat"))
    assert web.get("build") or web.get("image")
    for name, svc in (("worker", worker), ("beat", beat)):
        assert (svc.get("build"), svc.get("image")) == (web.get("build"), web.get("image")), name


def test_compose_commands_and_start_order():
    services = compose()["services"]
    web, worker, beat = (services[name] for name in ("web", "worker", "beat"))
    # web runs the image's CMD (gunicorn, checked below) unless it names gunicorn itself.
    assert "command" not in web or "gunicorn" in command_words(web["command"])
    assert command_words(worker["command"])[:4] == ["celery", "-A", "cms", "worker"]
    assert command_words(beat["command"])[:4] == ["celery", "-A", "cms", "beat"]

    depends = web["depends_on"]
    for backing in ("db", "redis", "elasticsearch"):
        assert depends[backing]["condition"] == "service_healthy", backing
    if "migrate" in services:
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        command = " ".join(command_words(services["migrate"]["command"]))
        assert "manage.py migrate --noinput && python manage.py setup_site" in command
        assert services["migrate"].get("restart", "no") == "no", "a one-shot service must not restart"
    else:
        assert "migrate --noinput" in " ".join(command_words(web.get("command") or web.get("entrypoint")))


def test_compose_healthchecks():
    services = compose()["services"]
    assert "pg_isready" in " ".join(command_words(services["db"]["healthcheck"]["test"]))
    assert "ping" in command_words(services["redis"]["healthcheck"]["test"])
    es = services["elasticsearch"]
    assert "_cluster/health" in " ".join(command_words(es["healthcheck"]["test"]))
    es_env = env_mapping(es["environment"])
    assert es_env["discovery.type"] == "single-node"
    assert es_env["xpack.security.enabled"] == "false"
    assert "-Xmx1g" in es_env["ES_JAVA_OPTS"]
    # The image's HEALTHCHECK requests gunicorn, which only web runs.
    for name in ("worker", "beat"):
        assert services[name].get("healthcheck", {}).get("disable") is True, name


def test_compose_app_environment_is_read_by_settings():
    services = compose()["services"]
    apps = app_services(services)
    assert {"web", "worker", "beat"} <= set(apps)
    known = settings_env_names()
    # The parser itself must work, or an empty result would hide everything.
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"} <= known
    assert "NOT_READ_BY_THE_SETTINGS" not in known

    for name, svc in apps.items():
        assert "env_file" not in svc, f"{name}: env_file would pass variables this test cannot see"
        passed = set(env_mapping(svc.get("environment")))
        assert passed, f"{name} gets no environment"
        unknown = passed - known
        assert not unknown, f"{name} passes variables cms/settings.py never reads: {sorted(unknown)}"


def test_compose_requires_secret_key_and_runs_production_mode():
    web_env = env_mapping(compose()["services"]["web"]["environment"])
    assert web_env["DEBUG"] == "false"
    assert web_env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "compose must refuse to start without it"
    assert web_env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-true}"
    with pytest.raises(KeyError, match="SECRET_KEY"):
        interpolate(web_env["SECRET_KEY"], {})


def test_compose_app_environment_passes_deploy_check():
    """The environment compose hands to the app (defaults filled in) satisfies `check --deploy`.
    Nothing connects to PostgreSQL/Redis/Elasticsearch during `check`."""
    raw = env_mapping(compose()["services"]["web"]["environment"])
    values = {
        name: interpolate(value, {"SECRET_KEY": secrets.token_urlsafe(48)}) for name, value in raw.items()
    }
    assert values["DATABASE_URL"].startswith("postgres://")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=subprocess_env(**values))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- settings in production mode ----------------------------------------------------------------
def test_deploy_check_has_no_issues(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        # Empty values (not absent ones): a developer's .env could otherwise fill them in.
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
    ids=["no-secret-key", "short-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_without_secrets(tmp_path, overrides, named):
    result = manage("check", env=production_env(tmp_path, **overrides))
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


# --- Dockerfile ---------------------------------------------------------------------------------
# Text checks only: no engine here can build the image.
def test_dockerfile_base_user_and_command():
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]

    base = next(arguments for keyword, arguments in instructions if keyword == "FROM")
    assert re.match(r"python:3\.11(\.\d+)?(-|$)", base), base

    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users, "the image must not run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert keywords.index("CMD") > len(keywords) - 1 - keywords[::-1].index("USER")

    cmd = exec_or_shell(next(arguments for keyword, arguments in instructions if keyword == "CMD"))
    assert "ENTRYPOINT" not in keywords or "gunicorn" in cmd
    assert cmd[0] == "gunicorn"
    assert "cms.wsgi:application" in cmd
    assert "0.0.0.0:8000" in cmd
    assert ("EXPOSE", "8000") in instructions


def test_dockerfile_build_steps():
    instructions = dockerfile_instructions()
    runs = [arguments for keyword, arguments in instructions if keyword == "RUN"]
    assert any("uv sync" in run and "--frozen" in run and "--no-dev" in run for run in runs)
    collect = [run for run in runs if "collectstatic" in run]
    assert collect and "--noinput" in collect[0] and "DEBUG=false" in collect[0]
    # The build-time dummy secret lives on the RUN line only, never in the image's ENV/ARG.
    for keyword, arguments in instructions:
        if keyword in {"ENV", "ARG"}:
            assert "SECRET_KEY" not in arguments and "ALLOWED_HOSTS" not in arguments


def test_dockerfile_healthcheck_requests_api_health():
    arguments = next(
        arguments for keyword, arguments in dockerfile_instructions() if keyword == "HEALTHCHECK"
    )
    assert "/api/health" in arguments
    command = exec_or_shell(arguments.split(" CMD ", 1)[1].strip())
    assert "curl" not in command, "curl is not part of python:*-slim"
    if command[:2] == ["python", "-c"]:
        ast.parse(command[2])  # at least valid Python


def test_dockerignore_keeps_local_state_out():
    entries = {line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    assert {".venv", ".git", "var", ".env", "node_modules"} <= entries
    assert "static" not in entries and "uv.lock" not in entries


# --- dependency groups --------------------------------------------------------------------------
LOCK_FILE = ROOT / "uv.lock"
PROJECT = "sicher-im-dienst-exchange"


def _locked_closure(roots: list[dict]) -> set[str]:
    """Every package the lock file installs for these requirements (extras followed)."""
    packages = {p["name"]: p for p in tomllib.loads(LOCK_FILE.read_text(encoding="utf-8"))["package"]}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        requirement = todo.pop()
        package = packages[requirement["name"]]
        todo.extend(package.get("dependencies", []))
        for extra in requirement.get("extra", []):
            todo.extend(package.get("optional-dependencies", {}).get(extra, []))
        seen.add(requirement["name"])
    return seen


def _project_lock_entry() -> dict:
    return next(
        p for p in tomllib.loads(LOCK_FILE.read_text(encoding="utf-8"))["package"] if p["name"] == PROJECT
    )


def test_production_image_installs_neither_the_embedded_search_server_nor_test_or_bench_tools():
    """The image runs `uv sync --no-dev` (test above): it gets the project's dependencies only."""
    production = _locked_closure(_project_lock_entry()["dependencies"])
    assert {"django", "wagtail", "elasticsearch", "celery", "gunicorn"} <= production
    assert not production & {"osmem-server", "pytest", "playwright", "hypothesis", "locust"}


def test_make_test_installs_no_benchmark_tools():
    """`make test` and `make run` install the default group (dev); locust and its packages: `bench` only."""
    groups = _project_lock_entry()["dev-dependencies"]
    dev = _locked_closure(_project_lock_entry()["dependencies"] + groups["dev"])
    bench_only = _locked_closure(groups["bench"]) - dev
    assert {"osmem-server", "pytest", "playwright"} <= dev
    assert "locust" not in dev and "locust" in bench_only
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject.get("tool", {}).get("uv", {}).get("default-groups", ["dev"]) == ["dev"]


# --- operations: backup schedule, metrics, error reports (cms/ops) -----------------------------------
def test_compose_runs_the_nightly_backup_into_a_volume():
    data = compose()
    services = data["services"]
    app_env = env_mapping(services["web"]["environment"])
    schedule = interpolate(app_env["BACKUP_SCHEDULE"], {})
    assert re.fullmatch(r"\d{2}:\d{2}", schedule), "beat sends the backup only with a schedule"
    for name in ("BACKUP_KEEP_DAILY", "BACKUP_KEEP_WEEKLY"):
        assert int(interpolate(app_env[name], {})) > 0, name

    backup = services["backup"]
    assert backup in app_services(services).values()
    words = command_words(backup["command"])
    assert words[:4] == ["celery", "-A", "cms", "worker"] and words[words.index("-Q") + 1] == "backup"
    assert backup.get("healthcheck", {}).get("disable") is True  # the image's check requests gunicorn
    mounts = {str(volume).split(":")[1]: str(volume) for volume in backup["volumes"]}
    assert mounts["/app/var/backups"].startswith("backups:")
    assert mounts["/app/var/media"].startswith("media:") and mounts["/app/var/private"].startswith("private:")
    assert "backups" in data["volumes"]

    # the settings turn the variable into the beat entry routed to the queue the service consumes
    env = subprocess_env(BACKUP_SCHEDULE=schedule)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "e = s.CELERY_BEAT_SCHEDULE['ops-backup-nightly']; "
        "print(e['task'], s.CELERY_TASK_ROUTES[e['task']]['queue'], e['schedule'].hour, e['schedule'].minute)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    hour, minute = (int(part) for part in schedule.split(":"))
    assert result.stdout.split() == ["cms.ops.tasks.backup_nightly", "backup", f"{{{hour}}}", f"{{{minute}}}"]


def test_compose_metrics_and_error_reports_are_configured():
    services = compose()["services"]
    app_env = env_mapping(services["web"]["environment"])
    assert app_env["METRICS_TOKEN"] == "${METRICS_TOKEN:-}"  # empty: /metrics answers 404
    assert app_env["SENTRY_DSN"] == "${SENTRY_DSN:-}"  # empty: nothing is sent anywhere
    assert app_env["LOG_FORMAT"] == "json"
    # gunicorn's workers add up their latency histograms in a directory emptied at every start
    assert app_env["PROMETHEUS_MULTIPROC_DIR"] in services["web"]["tmpfs"]


def test_dockerfile_installs_the_postgresql_client_of_the_compose_server():
    """pg_dump/pg_restore refuse a server of a newer major version and write dumps an older server
    cannot read, so the image's client must be the compose database's major version."""
    server_major = compose()["services"]["db"]["image"].split(":")[1].split(".")[0]
    text = DOCKERFILE.read_text(encoding="utf-8")
    args = dict(
        arguments.split("=", 1) for keyword, arguments in dockerfile_instructions() if keyword == "ARG"
    )
    assert args["POSTGRES_CLIENT_MAJOR"] == server_major
    assert '"postgresql-client-${POSTGRES_CLIENT_MAJOR}"' in text
    assert "apt.postgresql.org.sh" in text  # Debian bookworm itself ships 15
    # the app user owns the mount points of the volumes, or it could not write attachments or backups
    chown = next(
        run for keyword, run in dockerfile_instructions() if keyword == "RUN" and "chown app:app" in run
    )
    for path in ("/app/var/media", "/app/var/private/forum", "/app/var/backups"):
        assert path in chown


def test_gunicorn_writes_no_access_log_with_addresses_or_urls():
    """The image's gunicorn reads gunicorn.conf.py: no access log (cms.ops.middleware logs routes)."""
    cmd = exec_or_shell(
        next(arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD")
    )
    assert "--access-logfile" not in cmd and "--config" not in cmd
    namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert namespace["accesslog"] is None
    assert callable(namespace["child_exit"]) and callable(namespace["on_starting"])
