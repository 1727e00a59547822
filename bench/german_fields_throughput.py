"""Indexing cost of the German text preparation: ``search.analysis.german_fields`` before and after.

Plain Python, no Django, no database, no search server. Runs the same documents through the
current ``search/analysis.py`` and through the one of an earlier commit (default: the commit before
``search/compounds.py`` was added, i.e. the domain list only), and prints them side by side:

    uv run python bench/german_fields_throughput.py                 # 300 practices, 1,500 threads
    uv run python bench/german_fields_throughput.py --scale 0.5 --before 2d81ee1

The documents are those of the search benchmark's corpus (bench/corpus.py: titles, summaries,
bodies; forum threads with all their posts), as the document classes (``search/documents/``) hand them over.
"warm": one decompounder for the whole run, as in a worker that indexes many documents (its
word cache fills up). "cold": the word cache emptied before every document, the cost when every
word is new to the process (a fresh worker, or text unlike everything before). The vocabulary
load is timed on its own (once per process, on the first document).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Sizes, generate  # noqa: E402 - after the path set-up


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _default_before() -> str:
    added = _git("log", "--diff-filter=A", "--format=%H", "-1", "--", "search/compounds.py").strip()
    return f"{added}^" if added else "HEAD"


def _module_at(rev: str, workdir: Path) -> ModuleType:
    """``search/analysis.py`` (and the modules it imports from ``search``) as of ``rev``."""
    package = workdir / f"search_{rev.replace('^', '_parent').replace('~', '_')}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in _git("ls-tree", "--name-only", rev, "search/").split():
        if name.endswith((".py", ".txt")) and "/" in name and name.count("/") == 1:
            (package / Path(name).name).write_text(_git("show", f"{rev}:{name}"))
    sys.path.insert(0, str(workdir))
    return importlib.import_module(f"{package.name}.analysis")


def _documents(scale: float) -> list[tuple[str, str, str]]:
    corpus = generate(Sizes.scaled(300, 1_500, 7_500, scale))
    docs = [
        (p.title, p.summary, "\n\n".join(p.paragraphs + [f"{t}\n{b}" for t, b in p.steps]))
        for p in corpus.practices
    ]
    for t in corpus.threads:
        posts = [body for _, body in t.posts]
        docs.append((t.title, posts[0], "\n\n".join(posts[1:])))
    return docs


def _clear_cache(analysis: ModuleType) -> None:
    dc = analysis.default_decompounder()
    for cache in (getattr(dc, "_cache", {}), getattr(dc, "_parts_cache", {})):
        cache.clear()


def _run(analysis: ModuleType, docs: list[tuple[str, str, str]], *, cold: bool) -> tuple[float, int]:
    words = 0
    started = time.perf_counter()
    for title, summary, body in docs:
        if cold:
            _clear_cache(analysis)
        fields = analysis.german_fields(title, summary, body)
        words += len(fields["parts"].split()) + len(fields["title_parts"].split())
    return time.perf_counter() - started, words


def measure(label: str, analysis: ModuleType, docs: list[tuple[str, str, str]]) -> list[tuple]:
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    analysis.german_fields(*docs[0])  # loads the vocabularies
    load = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = []
    for mode in ("warm", "cold"):
        _clear_cache(analysis)
        seconds, words = _run(analysis, docs, cold=mode == "cold")
        rows.append((label, mode, len(docs) / seconds, words / seconds, seconds / len(docs) * 1000))
    print(
        f"{label}: first document (vocabulary load) {load:.2f} s, peak RSS +{rss_after - rss_before:.0f} MB"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--before", default=None, help="git revision to compare with (default: before compounds.py)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="x 300 practices and 1,500 threads")
    args = parser.parse_args()
    before = _git("rev-parse", "--short", args.before or _default_before()).strip()
    docs = _documents(args.scale)
    size = sum(len(t) + len(s) + len(b) for t, s, b in docs)
    print(f"{len(docs)} documents, {size / 1e6:.1f} million characters; before = {before}\n")
    workdir = Path(tempfile.mkdtemp(prefix="german-fields-"))
    try:
        old = _module_at(before, workdir)
        rows = measure(f"before ({before})", old, docs)
        from search import analysis as current

        rows += measure("after (working tree)", current, docs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\n| german_fields | cache | documents/s | words/s | ms per document |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, mode, docs_s, words_s, ms in rows:
        print(f"| {label} | {mode} | {docs_s:,.0f} | {words_s:,.0f} | {ms:.2f} |")


if __name__ == "__main__":
    main()
