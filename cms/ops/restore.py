"""Check an archive of :mod:`cms.ops.backup` and restore it into an empty installation.

Order of a restore, so that a damaged or foreign archive changes nothing:

1. read the whole archive and compare every member with the manifest (SHA-256 and size; no member
   missing, none extra, none twice, no path outside its store) and the archive with its ``.sha256``
   file when there is one;
2. refuse an archive of another database vendor or with migrations this code does not know, and an
   installation that already has accounts (unless ``replace``);
3. only then: the database through django-dbbackup's ``dbrestore``, the file stores emptied and
   refilled (each file checked again while written), ``migrate`` (an older archive into a newer
   release), the cache emptied; the search index is rebuilt by the caller (the command).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from dbbackup.db.sqlite import SqliteBackupConnector
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from .backup import CHUNK, DUMP, DUMP_METADATA, FORMAT, MANIFEST, file_roots, sha256_of


class ArchiveInvalid(Exception):
    """The archive is damaged, incomplete, foreign or not ours; nothing was changed."""


class RestoreRefused(Exception):
    """The archive is fine, but this installation is not one to restore into; nothing was changed."""


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if name == MANIFEST:
        return path
    expected_depth = 3 if path.parts[:1] == ("files",) else 2
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or path.parts[:1] not in (("database",), ("files",))
        or len(path.parts) < expected_depth
    ):
        raise ArchiveInvalid(f"Unerwarteter Eintrag „{name}“ in der Sicherung.")
    return path


def _read_members(archive: Path) -> tuple[dict[str, Any] | None, dict[str, tuple[str, int]]]:
    manifest: dict[str, Any] | None = None
    digests: dict[str, tuple[str, int]] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            _member_path(info.name)
            if not info.isfile():
                raise ArchiveInvalid(f"Unerwarteter Eintrag „{info.name}“ in der Sicherung.")
            if info.name in digests or (info.name == MANIFEST and manifest is not None):
                raise ArchiveInvalid(f"„{info.name}“ steht zweimal in der Sicherung.")
            stream = tar.extractfile(info)
            assert stream is not None  # a regular file
            if info.name == MANIFEST:
                manifest = json.loads(stream.read())
            else:
                digests[info.name] = sha256_of(stream)
    return manifest, digests


def archive_verify(archive: Path) -> dict[str, Any]:
    """Return the manifest of a complete, undamaged archive; raise :class:`ArchiveInvalid` otherwise."""
    if not archive.is_file():
        raise ArchiveInvalid(f"Die Datei {archive} gibt es nicht.")
    sidecar = archive.with_name(archive.name + ".sha256")
    if sidecar.is_file():
        expected = (sidecar.read_text().split() or [""])[0]
        with archive.open("rb") as stream:
            if sha256_of(stream)[0] != expected:
                raise ArchiveInvalid(
                    f"Die Prüfsumme der Sicherung stimmt nicht mit {sidecar.name} überein: "
                    "die Datei ist beschädigt."
                )
    try:
        manifest, digests = _read_members(archive)
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise ArchiveInvalid(
            f"Die Sicherung ist beschädigt oder unvollständig ({type(exc).__name__})."
        ) from exc
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise ArchiveInvalid("Die Sicherung hat kein gültiges Inhaltsverzeichnis (manifest.json).")
    expected_files: dict[str, dict[str, Any]] = manifest["files"]
    problems = sorted(set(expected_files) ^ set(digests))
    problems += sorted(
        name
        for name in set(expected_files) & set(digests)
        if digests[name] != (expected_files[name].get("sha256"), expected_files[name].get("size"))
    )
    if problems or DUMP not in digests:
        raise ArchiveInvalid(
            f"Die Sicherung ist beschädigt: {len(problems)} Dateien fehlen, sind zu viel oder weichen ab "
            f"({', '.join(problems[:5]) or DUMP})."
        )
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    vendor = manifest.get("database", {}).get("vendor")
    if vendor != connection.vendor:
        raise RestoreRefused(
            f"Die Sicherung stammt aus einer {vendor}-Datenbank, "
            f"diese Installation nutzt {connection.vendor}."
        )
    stores = {"/".join(name.split("/")[:2]) for name in manifest["files"] if name.startswith("files/")}
    missing = sorted(stores - set(file_roots()))
    if missing:
        raise RestoreRefused(
            "Die Sicherung enthält Dateien für Speicher, die diese Installation nicht hat: "
            f"{', '.join(missing)}."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest.get("migrations", {}).items() if (app, name) not in known
    )
    if unknown:
        raise RestoreRefused(
            "Die Sicherung stammt aus einer neueren Version (unbekannte Migrationen: "
            f"{', '.join(unknown[:5])}). Installieren Sie zuerst diese Version."
        )


def installation_is_empty() -> bool:
    """No accounts yet: a fresh database (migrated or not at all)."""
    user_model = get_user_model()
    if user_model._meta.db_table not in connection.introspection.table_names():
        return True
    return not user_model.objects.exists()


def _empty_directory(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _restore_files(tar: tarfile.TarFile, manifest: dict[str, Any], roots: dict[str, Path]) -> int:
    written = 0
    for info in tar:
        path = _member_path(info.name)
        if path.parts[0] != "files":
            continue
        target = roots["/".join(path.parts[:2])].joinpath(*path.parts[2:])
        target.parent.mkdir(parents=True, exist_ok=True)
        stream = tar.extractfile(info)
        assert stream is not None
        digest = hashlib.sha256()
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != manifest["files"][info.name]["sha256"]:
            raise ArchiveInvalid(f"„{info.name}“ hat sich beim Lesen verändert.")
        written += 1
    return written


def backup_restore(archive: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore database and files from a verified archive; return its manifest."""
    manifest = archive_verify(archive)
    _check_compatible(manifest)
    if not replace and not installation_is_empty():
        raise RestoreRefused(
            "Diese Installation hat bereits Konten. Eine Sicherung wird nur in eine leere Installation "
            "eingespielt (oder mit --replace, das alle Daten dieser Installation ersetzt)."
        )
    with tempfile.TemporaryDirectory(prefix="sid-restore-") as scratch, tarfile.open(archive, "r:gz") as tar:
        dump = Path(scratch) / "default.dump"
        for member, target in ((DUMP, dump), (DUMP_METADATA, Path(f"{dump}.metadata"))):
            source = tar.extractfile(member)
            assert source is not None
            with target.open("wb") as out:
                shutil.copyfileobj(source, out)
        call_command("dbrestore", database="default", input_path=str(dump), interactive=False, verbosity=0)
    roots = file_roots()
    for root in roots.values():
        _empty_directory(root)
    with tarfile.open(archive, "r:gz") as tar:
        _restore_files(tar, manifest, roots)
    call_command("migrate", interactive=False, verbosity=0)
    caches["default"].clear()  # Wagtail's site roots, synonyms, throttles of the replaced data
    ContentType.objects.clear_cache()
    return manifest


class SqliteConnector(SqliteBackupConnector):
    """dbbackup's SQLite dump (the online backup API), restored through the same API into the open
    connection instead of overwriting the database file underneath it: safe while the database is
    open, and it works for an in-memory database too (the test suite without services)."""

    def restore_dump(self, dump: Any) -> None:
        self.connection.ensure_connection()
        with tempfile.NamedTemporaryFile(suffix=".sqlite3") as copy:
            shutil.copyfileobj(dump, copy)
            copy.flush()
            source = sqlite3.connect(copy.name)
            try:
                source.backup(self.connection.connection)
            finally:
                source.close()
