"""Real services that a fault test starts, breaks and stops itself.

Every process here is started by the test that uses it and only that process is ever signalled:
the machine's PostgreSQL and Redis are never touched. PostgreSQL is cut with :class:`TcpProxy`, a
small proxy between Django and 127.0.0.1:5432 that the test can sever and restore.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from tests.queue import wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


# --- Redis ----------------------------------------------------------------------------------------


class RedisProcess:
    """A private redis-server on a free loopback port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisProcess:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(lambda: port_open(self.port), timeout=10):
            raise RuntimeError("redis-server did not start")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


# --- Search server (osmem) ------------------------------------------------------------------------


class OsmemProcess:
    """A private osmem server on a fixed port, so that a restart comes back at the same address."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server = None

    @property
    def addr(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.addr}"

    @property
    def pid(self) -> int:
        assert self.server is not None
        return self.server.pid

    def start(self) -> OsmemProcess:
        from search import embedded

        self.server = embedded.start(self.addr)
        return self

    def pause(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def kill(self) -> None:
        assert self.server is not None
        os.kill(self.pid, signal.SIGKILL)
        self.server.process.wait(timeout=10)
        wait_for(lambda: not port_open(self.port), timeout=5)

    def stop(self) -> None:
        if self.server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGCONT)
            self.server.close(grace=2)
            self.server = None


@contextlib.contextmanager
def search_at(settings, osmem: OsmemProcess, timeout: float | None = None) -> Iterator[None]:
    """Point this process's search client at ``osmem`` (optionally with a shorter timeout)."""
    from search import client as search_client

    search = {**settings.SEARCH, "URL": osmem.url, "EMBEDDED": True}
    if timeout is not None:
        search["TIMEOUT"] = timeout
        search["BULK_TIMEOUT"] = timeout
    settings.SEARCH = search
    search_client.reset()
    try:
        yield
    finally:
        search_client.reset()


def index_ids(kind: str) -> set[int]:
    """Ids of the documents of ``kind`` that searches read (the read alias), after a refresh."""
    from search import indexes
    from search.client import get_client

    client = get_client()
    alias = indexes.read_alias(kind)
    client.indices.refresh(index=alias)
    response = client.search(index=alias, query={"match_all": {}}, source=False, size=10_000)
    return {int(hit["_id"]) for hit in response["hits"]["hits"]}


def database_ids(kind: str) -> set[int]:
    from search.documents import DOCUMENTS

    return set(DOCUMENTS[kind].get_queryset().values_list("pk", flat=True))


def index_equals_database() -> dict[str, tuple[set[int], set[int]]]:
    """Per kind the ids missing from the index and the ids the index has too many ({} when equal)."""
    from search.documents import DOCUMENTS

    drift = {}
    for kind in DOCUMENTS:
        db, idx = database_ids(kind), index_ids(kind)
        if db != idx:
            drift[kind] = (db - idx, idx - db)
    return drift


# --- Celery ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Send this process's tasks to ``url`` (not eagerly) and restore the previous broker after."""
    from cms.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration (CI sets it
    # to the machine's Redis), so the variable must point at the test's own Redis as well.
    previous_env = os.environ.get("CELERY_BROKER_URL")

    def reset_pools() -> None:
        # forget this app's connection and producer pools (kombu keeps one per URL and reuses it)
        app._after_fork()

    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    reset_pools()
    try:
        yield
    finally:
        if previous_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = previous_env
        app.conf.broker_url, app.conf.task_always_eager = previous
        reset_pools()


def database_url() -> str:
    """The URL of the database this test uses (pytest-django's test database)."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@dataclass
class WorkerProcess:
    """A Celery worker in its own process (``tests/faults/worker.py``), on the test database.

    ``stall_task`` makes that task block at its start on its first delivery until the worker is
    killed (for tasks that have no outside service to stall); ``visibility_timeout`` is how long
    Redis waits before it hands an unacknowledged message to another worker.
    """

    broker_url: str
    search_addr: str
    gate_dir: Path
    stall_task: str = ""
    visibility_timeout: float = 2.0
    process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "SEARCH_EMBEDDED_ADDR": self.search_addr,
            "FAULT_STALL_TASK": self.stall_task,
            "FAULT_GATE_DIR": str(self.gate_dir),
            "FAULT_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
            "DEBUG": "1",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("ELASTICSEARCH_URL", None)
        self.log = self.gate_dir / f"worker-{time.monotonic_ns()}.log"
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("worker.py"))],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def entered(self, task: str) -> bool:
        return (self.gate_dir / f"{task}.entered").exists()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:  # our own worker; its messages live in our own Redis
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


# --- PostgreSQL -----------------------------------------------------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to an upstream address; can be severed and restored.

    ``cut_on`` (bytes) severs every connection the moment a client sends a chunk containing it,
    before the chunk reaches the server: a connection lost in the middle of a request.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.refusing = False
        self.cut_on: bytes | None = None
        self.cuts = 0
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(32)
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.refusing:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                if from_client and self.cut_on is not None and self.cut_on in chunk:
                    self.cut_on = None
                    self.cuts += 1
                    self.sever()
                    break
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()
        with self._lock:
            self._sockets.discard(sock)

    def sever(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.refusing = True
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)

    def restore(self) -> None:
        self.refusing = False

    def close(self) -> None:
        self._closed = True
        self.sever()
        with contextlib.suppress(OSError):
            self._listener.close()
