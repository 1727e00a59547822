"""Static files in production: hashed names (cache forever), gzip and brotli copies, served by
whitenoise with far-future caching; the same collectstatic call the Dockerfile runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-collectstatic-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "localhost",
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    static_root = tmp_path_factory.mktemp("static")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(PRODUCTION_ENV, STATIC_ROOT=str(static_root))
    subprocess.run(
        # The Wagtail admin's and the API docs' assets (large JS, slow to brotli) are skipped to keep
        # the test quick; the Dockerfile's collectstatic runs the same storage over all of them.
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-i", "wagtail*", "-i", "ninja"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return static_root


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.") and hashed.endswith(".css")
    assert (collected / hashed).is_file()
    assert (collected / f"{hashed}.gz").is_file()
    assert (collected / f"{hashed}.br").is_file()
    assert manifest["paths"]["js/print.js"].startswith("js/print.")
    # compression is worth it: the brotli copy is much smaller than the stylesheet
    assert (collected / f"{hashed}.br").stat().st_size < (collected / hashed).stat().st_size / 2


@pytest.mark.django_db
def test_pages_link_hashed_names_and_whitenoise_serves_them_compressed(collected, site_tree):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=collected, STORAGES=storages, DEBUG=False, WHITENOISE_AUTOREFRESH=False
    ):
        client = Client()
        html = client.get("/").content.decode()
        manifest = json.loads((collected / "staticfiles.json").read_text())
        url = f"/static/{manifest['paths']['css/site.css']}"
        assert f'href="{url}"' in html
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
        plain = client.get(url)
        assert "Content-Encoding" not in plain
        assert b"--brand" in b"".join(plain.streaming_content)
