"""A backup restores: content made through the services, backed up with `manage.py backup`, the
database, the file stores and the search index wiped, `manage.py restore` into the empty
installation; then every row of every table, every file's bytes and what search finds for each
role are what they were. Runs on PostgreSQL (pg_dump/pg_restore) and on SQLite (its backup API)."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cms.ops.backup import archives, file_roots
from exchange.models import Attachment, User
from search import client as search_client
from tests.cms.ops.content import SECRET_WORD, content_create, reply_create, search_hits

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_mfa")]

QUERIES = ["Deeskalation", SECRET_WORD, "Leitfaden", "Bericht"]


@pytest.fixture(autouse=True)
def stores(settings, tmp_path):
    """Media, the private attachment store and the backups in a temporary directory, laid out as in
    production (the forum's storage inside PRIVATE_ROOT)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "forum_attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private" / "forum"), "base_url": "/nicht-oeffentlich/"},
        },
    }
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 1000, "PER_MINUTE": 1000}
    return tmp_path


def database_rows() -> dict[str, list[dict]]:
    """Every row of every table Django knows (m2m tables included), by primary key."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def stored_files() -> dict[str, bytes]:
    return {
        f"{prefix}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for prefix, root in file_roots().items()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def search_by_role(people: dict[str, User]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    return {(role, query): search_hits(user, query) for role, user in people.items() for query in QUERIES}


def database_wipe() -> None:
    """Drop every table (an empty database, as on a new server)."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}{cascade}")
    assert not connection.introspection.table_names()


def search_wipe(search_server, settings) -> None:
    """A new, empty search server clone: nothing of the old index survives."""
    settings.SEARCH = {**settings.SEARCH, "URL": search_server.clone().url}
    search_client.reset()


@pytest.fixture
def content(practice_index):
    made = content_create(practice_index)
    call_command("search_index", "--drain", verbosity=0)
    return made


def test_backup_wipe_restore_gives_back_everything(content, search_server, settings, stores):
    rows, files, found = database_rows(), stored_files(), search_by_role(content.people)
    # the content is there and search tells the roles apart, or the comparison below proves nothing
    assert len(rows["exchange.Post"]) == 5 and len(rows["exchange.Attachment"]) == 3
    assert (
        len(rows["exchange.Membership"]) == 5 and rows["wagtaildocs.Document"] and rows["wagtailimages.Image"]
    )
    assert any(name.startswith("files/forum_attachments/") for name in files)
    assert any(name.startswith("files/default/documents/") for name in files)
    assert found[("group_member", SECRET_WORD)] and not found[("member", SECRET_WORD)]
    assert found[("member", "Deeskalation")] and not found[("pending", "Deeskalation")]

    call_command("backup", verbosity=0)
    (archive,) = (path for _, path in archives())

    database_wipe()
    for root in file_roots().values():
        shutil.rmtree(root)
    search_wipe(search_server, settings)
    assert not stored_files()

    call_command("restore", str(archive), "--noinput", verbosity=0)

    assert database_rows() == rows
    assert stored_files() == files
    restored_people = {role: User.objects.get(pk=user.pk) for role, user in content.people.items()}
    assert search_by_role(restored_people) == found
    for attachment in Attachment.objects.all():  # every row's file is there, byte for byte
        assert (
            files[f"files/forum_attachments/{attachment.stored_name}"]
            == Path(
                settings.STORAGES["forum_attachments"]["OPTIONS"]["location"], attachment.stored_name
            ).read_bytes()
        )

    # the restored installation goes on: new ids do not collide with restored ones
    reply = reply_create(restored_people["member"], content.threads[0], "Nach der Wiederherstellung.")
    assert reply.pk > max(row["id"] for row in rows["exchange.Post"])


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "member changed, no checksum file"])
def test_damaged_archive_is_refused_before_anything_changes(content, damage):
    call_command("backup", verbosity=0)
    (archive,) = (path for _, path in archives())
    data = bytearray(archive.read_bytes())
    if damage == "flipped byte":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncated":
        del data[len(data) // 2 :]
        archive.with_name(archive.name + ".sha256").unlink()
    else:
        _rewrite_member(archive, "database/default.dump.metadata", b'{"engine": "x"}')
        archive.with_name(archive.name + ".sha256").unlink()
        data = bytearray(archive.read_bytes())
    archive.write_bytes(bytes(data))
    rows, files = database_rows(), stored_files()

    with pytest.raises(CommandError, match=r"beschädigt|Prüfsumme") as refused:
        call_command("restore", str(archive), "--noinput", "--replace", verbosity=0)

    assert "nichts verändert" in str(refused.value)
    assert database_rows() == rows and stored_files() == files


def _rewrite_member(archive: Path, name: str, content: bytes) -> None:
    """The same archive with one member's bytes replaced and the manifest left as it was."""
    members = []
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            stream = tar.extractfile(info)
            members.append((info, content if info.name == name else stream.read() if stream else b""))
    with tarfile.open(archive, "w:gz") as tar:
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_restore_refuses_an_installation_with_accounts(content):
    call_command("backup", verbosity=0)
    (archive,) = (path for _, path in archives())
    with pytest.raises(CommandError, match="bereits Konten"):
        call_command("restore", str(archive), "--noinput", verbosity=0)
    call_command("restore", str(archive), "--check", verbosity=0)  # the archive itself is fine
