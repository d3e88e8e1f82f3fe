"""Run a lint over many files in worker processes, and show progress on a terminal.

``run`` discovers the files once and lints them in a process pool, a few files per task in tasks of
near-equal size, the largest first: documents differ in length tenfold, and handing out the long
ones first leaves only short ones for the end, so the workers finish together. Results are returned (and reported) in input
order. Where processes are forked, the spaCy pipeline,
matchers and prefilter are built once in this process first and every worker inherits them
(loading the model is a fifth of a cold run); each worker reads its own files and uses the result
cache. With one job, or with ``-`` among the paths, it is the plain
:func:`~blamelint.api.lint_paths` in this process. Without a number of jobs (the command line's
default) :func:`auto_jobs` picks one from the files the result cache does not answer, as black and
flake8 do: several processes for a folder of postmortems, one for a pre-commit run on a file or a
run the cache answers.

Either way, once the pipeline is loaded, the objects alive at that point (the model, the rules, the
matchers: most of the process) are moved out of the cyclic garbage collector's sight with
:func:`gc.freeze`. They live as long as the process anyway; without the freeze every full collection
walks them again (a tenth of a cold run), and in forked workers it also writes to their pages, which
the workers would otherwise share with this process. ``Progress`` draws a one-line bar on stderr
when stderr is a terminal; elsewhere it draws nothing.
"""

from __future__ import annotations

import gc
import heapq
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TextIO

from .api import lint_paths
from .config import Config
from .document import Document, line_starts_of
from .engine import LintResult
from .sources import discover

__all__ = ["AUTO_MAX_JOBS", "AUTO_MIN_BYTES", "Progress", "auto_jobs", "default_jobs", "run"]


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Progress:
    """A one-line ``[#####     ] 12/49 files`` bar on a terminal stream; silent anywhere else."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True, min_total: int = 2) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.wanted = enabled and bool(isatty and isatty())
        self.min_total = min_total
        self.enabled = False
        self.total = 0
        self.done = 0
        self._last = 0.0

    def start(self, total: int) -> None:
        """Set the number of files; the bar shows only for runs of at least ``min_total`` files."""
        self.total = total
        self.enabled = self.wanted and total >= self.min_total

    def advance(self, count: int = 1) -> None:
        """Count finished files and redraw at most ten times a second (always at the end)."""
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if self.done < self.total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = width * self.done // max(self.total, 1)
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar so the findings start on a clean line."""
        if self.enabled and self.done:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _light(result: LintResult) -> LintResult:
    """Keep only what reporters need from the document (its text), to send results between processes."""
    doc = result.document
    if doc is None:
        return result
    return LintResult(result.path, result.findings, Document(doc.path, doc.source, (), (), (), None, line_starts_of(doc.source)))


def _preload(files: Sequence[str], config: Config | None, options: dict[str, Any], cache_folder: str | None) -> list[int]:
    """Build the linter the files will use (pipeline, matchers, prefilter) before workers fork.

    Workers then find it in :func:`~blamelint.api.lint_paths`'s per-process cache instead of each
    importing spaCy and loading the model. When the result cache holds every file, nothing is
    loaded (a warm run never needs spaCy). Returns the sizes in bytes of the files the cache does
    not answer, the work :func:`auto_jobs` divides. A problem here is left for the lint to report
    (the file counts as work).
    """
    from .api import _linter, _overridden
    from .cache import ResultCache
    from .config import config_for
    from .sources import read_source

    overrides = {name: options.get(name) for name in ("select", "ignore", "extend_select", "preview")}
    cache = ResultCache(cache_folder) if cache_folder is not None else None
    sizes: list[int] = []
    loaded = False
    for path in files:
        try:
            linter = _linter(_overridden(config or config_for(path), overrides))
            if cache is not None:
                text = read_source(path, linter.config.max_file_size).text
                if text is None or cache._file(cache.key(linter, path, text)).is_file():
                    continue
            sizes.append(os.stat(path).st_size)
            if not loaded:
                _ = linter.nlp, linter.compiled, linter.prefilter
                loaded = True
        except Exception:  # noqa: BLE001 - the lint meets (and reports) the same problem
            sizes.append(0)
    return sizes


#: Without ``--jobs``, work is spread over processes only when the files to lint hold at least this
#: many bytes together: below it, starting the workers costs about what they save (two 4 KB
#: postmortems lint no faster in two processes; eight files of 105 KB took 1.2 s instead of 1.4 s).
AUTO_MIN_BYTES = 32 * 1024
#: ... and on at most this many processes: each forked worker shares the loaded model with the
#: parent but adds its own pages as it lints.
AUTO_MAX_JOBS = 8


def auto_jobs(sizes: Sequence[int], cpus: int | None = None) -> int:
    """The number of processes for files to lint of these sizes when ``--jobs`` is not given.

    One per CPU (at most :data:`AUTO_MAX_JOBS`, at most one per file) when there are at least two
    files with :data:`AUTO_MIN_BYTES` between them and worker processes can be forked, sharing the
    loaded pipeline; otherwise one. Spawned workers (where ``fork`` is unavailable) would each load
    the pipeline again, a second of start-up per worker, so only an explicit ``--jobs`` uses them.
    """
    if len(sizes) < 2 or sum(sizes) < AUTO_MIN_BYTES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cpus if cpus is not None else default_jobs(), AUTO_MAX_JOBS, len(sizes)))


def _settle() -> None:
    """Freeze what is alive now (see the module docstring); collections then skip it.

    No collection first: walking the loaded pipeline's objects once more costs a twentieth of a
    second, more than the garbage the imports left is worth (peak RSS is the same either way), and
    the :func:`gc.freeze` recipe in Python's documentation does not collect before a fork either.
    """
    gc.freeze()


def _worker(paths: list[str], config: Config | None, options: dict[str, Any], cache_folder: str | None) -> list[LintResult]:
    from .cache import ResultCache

    cache = ResultCache(cache_folder) if cache_folder is not None else None
    return [_light(r) for r in lint_paths(paths, config, cache=cache, **options)]


def run(
    paths: Sequence[str],
    config: Config | None,
    *,
    jobs: int | None = 1,
    cache_folder: str | None = None,
    on_total: Callable[[int], None] | None = None,
    on_result: Callable[[LintResult], None] | None = None,
    **options: Any,
) -> list[LintResult]:
    """Lint ``paths`` with up to ``jobs`` processes; return the results in input order.

    ``jobs=None`` chooses the number from the work (:func:`auto_jobs`). ``options`` are the keyword
    options of :func:`~blamelint.api.lint_paths`; ``on_total`` hears the number of files once they
    are known and ``on_result`` hears each result as it is ready.
    """
    from .cache import ResultCache

    if "-" in paths:
        files: list[str] = list(paths)
        jobs = 1
    else:
        files = list(discover(paths, config.exclude if config else ()))
    if on_total is not None:
        on_total(len(files))
    fork = "fork" in multiprocessing.get_all_start_methods()
    if "-" not in files and (jobs is None or jobs == 1 or fork):
        sizes = _preload(files, config, options, cache_folder)
        _settle()
        if jobs is None:
            jobs = auto_jobs(sizes)
    jobs = max(1, min(jobs or 1, len(files)))
    if jobs == 1:
        cache = ResultCache(cache_folder) if cache_folder is not None else None
        out = []
        for result in lint_paths(files, config, cache=cache, **options):
            out.append(result)
            if on_result is not None:
                on_result(result)
        return out
    context = multiprocessing.get_context("fork" if fork else "spawn")
    slots: list[list[LintResult] | None] = [None] * len(files)
    out: list[LintResult] = []
    reported = 0
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures: dict[Future[list[LintResult]], list[int]] = {
            pool.submit(_worker, [files[index] for index in task], config, options, cache_folder): task
            for task in _tasks(files, jobs)
        }
        for future in as_completed(futures):
            task, results = futures[future], future.result()
            if len(results) == len(task):
                for index, result in zip(task, results):
                    slots[index] = [result]
            else:  # not one result per file (never seen): keep them all, in the task's first slot
                for index in task:
                    slots[index] = []
                slots[task[0]] = results
            while reported < len(files) and slots[reported] is not None:
                for result in slots[reported] or ():
                    out.append(result)
                    if on_result is not None:
                        on_result(result)
                reported += 1
    return out


#: Worker tasks per process. A task is a few files linted as one batch, as one process lints them
#: (the engine parses the sentences of up to 16 documents together); one file per task made the
#: corpus a ninth slower to lint. Several tasks per process still let a process that finishes
#: early take the next one.
TASKS_PER_JOB = 4


def _sizes(files: Sequence[str]) -> list[int]:
    """Each file's size in bytes (a file that cannot be read counts as empty)."""
    out = []
    for path in files:
        try:
            out.append(os.stat(path).st_size)
        except OSError:
            out.append(0)
    return out


def _largest_first(files: Sequence[str]) -> list[int]:
    """The indexes of ``files``, largest file first."""
    sizes = _sizes(files)
    return sorted(range(len(files)), key=lambda index: (-sizes[index], index))


def _tasks(files: Sequence[str], jobs: int) -> list[list[int]]:
    """The files' indexes in about :data:`TASKS_PER_JOB` tasks per process, of near-equal size.

    Files are dealt largest first, each to the task holding the fewest bytes so far; the tasks are
    handed out largest first, so the processes finish together. Indexes within a task keep the
    input order.
    """
    sizes = _sizes(files)
    count = max(1, min(len(files), jobs * TASKS_PER_JOB))
    heap = [(0, number) for number in range(count)]
    tasks: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(files)), key=lambda i: (-sizes[i], i)):
        total, number = heapq.heappop(heap)
        tasks[number].append(index)
        heapq.heappush(heap, (total + sizes[index], number))
    totals = {number: total for total, number in heap}
    return [sorted(tasks[number]) for number in sorted(range(count), key=lambda n: (-totals[n], n)) if tasks[number]]
