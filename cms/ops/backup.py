"""One archive holds everything a restore needs: the database, the media files (Wagtail documents
and images) and the private attachment store (forum attachments under ``PRIVATE_ROOT``).

The database dump is made by django-dbbackup (``pg_dump --format=custom`` on PostgreSQL, SQLite's
online backup API on SQLite). The files of every storage in ``settings.STORAGES`` go into the archive
one by one with their relative path, not as dbbackup's nested media tarball: dbbackup's
``mediabackup`` covers only the default storage, and files stored one by one can be checked one by
one.

Archive ``sid-backup-<UTC timestamp>.tar.gz``::

    database/default.dump           dbbackup's dump, with its metadata file beside it
    database/default.dump.metadata
    files/default/<path>            MEDIA_ROOT (documents, images)
    files/forum_attachments/<path>  the private attachment store (PRIVATE_ROOT/forum)
    manifest.json                   last: format, time, database engine, migrations, and for every
                                    other member its size and SHA-256

Beside it ``<archive>.sha256`` in ``sha256sum`` format, for copies made off-site. The database is
dumped before the files are copied: files are written before the row that names them commits and
deleted after, so every file the dump references is in the archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database/default.dump"
DUMP_METADATA = f"{DUMP}.metadata"
NAME_PATTERN = re.compile(r"^sid-backup-(\d{8}T\d{6}Z)\.tar\.gz$")
CHUNK = 1024 * 1024


NOT_BACKED_UP = {"staticfiles"}  # built from the code by collectstatic


def file_roots() -> dict[str, Path]:
    """Archive prefix (``files/<alias>``) -> directory, for every storage in ``settings.STORAGES``:
    ``default`` (MEDIA_ROOT: Wagtail documents and images) and ``forum_attachments`` (PRIVATE_ROOT).
    Taken from the storages themselves, so a store added later is backed up without a change here."""
    roots = {}
    for alias in settings.STORAGES:
        if alias in NOT_BACKED_UP:
            continue
        location = getattr(storages[alias], "location", None)
        if location is None:
            raise ValueError(
                f"Speicher {alias!r} liegt nicht im Dateisystem; manage.py backup sichert ihn nicht."
            )
        roots[f"files/{alias}"] = Path(location)
    return roots


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _files_below(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


class _HashingReader:
    """Hashes what tarfile reads, so each file is read once and its checksum is of what was stored."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int


def archive_name(moment: datetime) -> str:
    return f"sid-backup-{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def archive_time(path: Path) -> datetime | None:
    match = NAME_PATTERN.match(path.name)
    return datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if match else None


def backup_create(*, directory: Path | None = None, now: datetime | None = None) -> BackupResult:
    """Write a new archive into ``directory`` (default ``BACKUP_DIR``) and return it.

    The archive is written under a temporary name and renamed when complete, so a crash never leaves
    a half archive that looks like a good one.
    """
    target_dir = Path(directory or settings.BACKUP_DIR)
    target_dir.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now(UTC)
    final = target_dir / archive_name(moment)
    partial = target_dir / f".{final.name}.partial"
    entries: dict[str, dict[str, int | str]] = {}
    with tempfile.TemporaryDirectory(prefix="sid-backup-") as scratch:
        dump = Path(scratch) / "default.dump"
        call_command("dbbackup", database="default", output_path=str(dump), verbosity=0)
        sources = [(DUMP, dump), (DUMP_METADATA, Path(f"{dump}.metadata"))]
        for prefix, root in file_roots().items():
            sources += [(f"{prefix}/{p.relative_to(root).as_posix()}", p) for p in _files_below(root)]
        partial.touch(mode=0o600)  # the archive holds personal data: readable by its owner only
        with tarfile.open(partial, "w:gz") as tar:
            for member, path in sources:
                info = tar.gettarinfo(path, arcname=member)
                with path.open("rb") as stream:
                    reader = _HashingReader(stream)
                    tar.addfile(info, reader)
                entries[member] = {"sha256": reader.digest.hexdigest(), "size": info.size}
            manifest = {
                "format": FORMAT,
                "created_at": moment.astimezone(UTC).isoformat(),
                "database": {"vendor": connection.vendor, "engine": settings.DATABASES["default"]["ENGINE"]},
                "migrations": _applied_migrations(),
                "files": entries,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(moment.timestamp())
            tar.addfile(info, io.BytesIO(data))
    with partial.open("rb") as stream:
        digest, size = sha256_of(stream)
    partial.rename(final)
    final.with_name(final.name + ".sha256").write_text(f"{digest}  {final.name}\n")
    return BackupResult(path=final, files=len(entries), size=size)


def archives(directory: Path | None = None) -> list[tuple[datetime, Path]]:
    """The archives in ``directory``, oldest first."""
    found = []
    for path in Path(directory or settings.BACKUP_DIR).glob("sid-backup-*.tar.gz"):
        moment = archive_time(path)
        if moment is not None:
            found.append((moment, path))
    return sorted(found)


def retention_keep(moments: list[datetime], *, daily: int, weekly: int) -> set[datetime]:
    """The newest archive of each of the last ``daily`` days that have one, and the newest of each
    of the last ``weekly`` ISO weeks that have one (days and weeks in UTC, like the names)."""
    newest_per_day: dict[date, datetime] = {}
    newest_per_week: dict[tuple[int, int], datetime] = {}
    for moment in sorted(moments):
        newest_per_day[moment.date()] = moment
        newest_per_week[moment.isocalendar()[:2]] = moment
    keep = {newest_per_day[day] for day in sorted(newest_per_day)[-daily:]} if daily > 0 else set()
    if weekly > 0:
        keep |= {newest_per_week[week] for week in sorted(newest_per_week)[-weekly:]}
    return keep


def backups_prune(
    *, directory: Path | None = None, daily: int | None = None, weekly: int | None = None
) -> list[Path]:
    """Delete archives (and their checksum files) the retention rule does not keep; return them."""
    found = archives(directory)
    keep = retention_keep(
        [moment for moment, _ in found],
        daily=settings.BACKUP_KEEP_DAILY if daily is None else daily,
        weekly=settings.BACKUP_KEEP_WEEKLY if weekly is None else weekly,
    )
    deleted = []
    for moment, path in found:
        if moment not in keep:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
            deleted.append(path)
    return deleted
