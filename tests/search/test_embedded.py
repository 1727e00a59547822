"""The embedded search server starts, answers and stops cleanly."""

from search import embedded


def test_embedded_server_starts_and_stops():
    server = embedded.start()
    try:
        assert embedded.is_reachable(server.url)
        assert server.process.poll() is None
    finally:
        server.close()
    assert server.process.poll() is not None  # the process has exited
    assert not embedded.is_reachable(server.url)
