"""``--jobs``: the pipeline is loaded once before workers fork, never for a run the cache answers; the default
spreads only work worth a process."""

from __future__ import annotations

from pathlib import Path

import pytest

from blamelint import api
from blamelint.parallel import _preload, run

TEXTS = {
    "a.md": "# Incident\n\n## Analysis\n\nJohn forgot to run the migration.\n",
    "b.md": "# Incident\n\n## Impact\n\nCheckout failed for 45 minutes.\n",
    "c.md": "# Incident\n\n## Analysis\n\nThe deploy was not tested.\n",
}
OPTIONS = {"select": None, "ignore": [], "extend_select": [], "preview": False}


@pytest.fixture()
def files(tmp_path: Path) -> list[str]:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".blamelint.toml").write_text("", encoding="utf-8")  # the files' own config, not the repo's
    return [str(tmp_path / name) for name in TEXTS]


def _fresh_linters(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[object, ...], object]:
    linters: dict[tuple[object, ...], object] = {}
    monkeypatch.setattr(api, "_LINTERS", linters)
    return linters


def test_without_a_cache_the_parent_builds_the_linter_workers_inherit(files: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    linters = _fresh_linters(monkeypatch)
    _preload(files, None, OPTIONS, None)
    (linter,) = linters.values()
    assert linter._nlp is not None and linter._compiled is not None and linter._prefilter is not None  # type: ignore[attr-defined]


def test_a_run_the_cache_answers_loads_no_pipeline(files: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = str(tmp_path / "cache")
    first = run(files, None, jobs=1, cache_folder=cache, **OPTIONS)
    linters = _fresh_linters(monkeypatch)
    assert _preload(files, None, OPTIONS, cache) == []
    assert linters and all(linter._nlp is None for linter in linters.values())  # type: ignore[attr-defined]
    (tmp_path / "c.md").write_text(TEXTS["c.md"] + "\nThe rollback was never tested.\n", encoding="utf-8")
    assert _preload(files, None, OPTIONS, cache) == [(tmp_path / "c.md").stat().st_size]  # the work left
    assert any(linter._nlp is not None for linter in linters.values())  # type: ignore[attr-defined]
    again = run(files, None, jobs=2, cache_folder=cache, **OPTIONS)
    assert [r.path for r in again] == [r.path for r in first]
    assert [r.findings for r in again[:2]] == [r.findings for r in first[:2]]
    assert len(again[2].findings) > len(first[2].findings)


def test_jobs_with_a_preloaded_pipeline_give_the_one_process_results(files: list[str]) -> None:
    one = run(files, None, jobs=1, **OPTIONS)
    two = run(files, None, jobs=2, **OPTIONS)
    assert [(r.path, r.findings) for r in two] == [(r.path, r.findings) for r in one]
    assert any(r.findings for r in one)


def test_workers_get_the_largest_files_first_and_results_keep_input_order(tmp_path: Path) -> None:
    from blamelint.parallel import _largest_first

    sizes = {"a.md": 10, "b.md": 300, "c.md": 40, "d.md": 300}
    paths = []
    for name, size in sizes.items():
        (tmp_path / name).write_text("# T\n\n" + "x " * size, encoding="utf-8")
        paths.append(str(tmp_path / name))
    assert _largest_first([*paths, str(tmp_path / "gone.md")]) == [1, 3, 2, 0, 4]
    (tmp_path / ".blamelint.toml").write_text("", encoding="utf-8")
    seen: list[str] = []
    results = run(paths, None, jobs=2, on_result=lambda r: seen.append(r.path), **OPTIONS)
    assert [r.path for r in results] == seen == paths


def test_auto_jobs_spread_only_work_worth_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from blamelint.parallel import AUTO_MAX_JOBS, AUTO_MIN_BYTES, auto_jobs

    half = AUTO_MIN_BYTES // 2
    assert auto_jobs([], cpus=4) == 1
    assert auto_jobs([10 * AUTO_MIN_BYTES], cpus=4) == 1  # one file cannot be split
    assert auto_jobs([half - 1, half], cpus=4) == 1  # too little to pay for starting workers
    assert auto_jobs([half, half], cpus=4) == 2  # no more processes than files
    assert auto_jobs([half] * 5, cpus=4) == 4
    assert auto_jobs([half] * 40, cpus=64) == AUTO_MAX_JOBS
    assert auto_jobs([half, half], cpus=1) == 1
    monkeypatch.setattr("blamelint.parallel.multiprocessing.get_all_start_methods", lambda: ["spawn"])
    assert auto_jobs([half, half], cpus=4) == 1  # spawned workers would each load the model again


def test_without_jobs_a_folder_is_linted_in_processes_and_a_small_run_in_this_one(
    files: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blamelint import parallel

    pools: list[int] = []

    class Recording(parallel.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: object) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Recording)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    small = run(files, None, jobs=None, **OPTIONS)
    assert pools == [] and [r.path for r in small] == files

    paragraph = "The queue grew after the restart and latency rose at 10:42. John forgot to run the migration.\n\n"
    big = []
    for name in ("big1.md", "big2.md", "big3.md"):
        (tmp_path / name).write_text("# Incident\n\n## Analysis\n\n" + paragraph * 140, encoding="utf-8")
        big.append(str(tmp_path / name))
    assert sum(Path(p).stat().st_size for p in big) >= parallel.AUTO_MIN_BYTES
    spread = run(big, None, jobs=None, **OPTIONS)
    assert pools == [2]
    assert [(r.path, r.findings) for r in spread] == [(r.path, r.findings) for r in run(big, None, jobs=1, **OPTIONS)]

    cache = str(tmp_path / "cache")
    run(big, None, jobs=1, cache_folder=cache, **OPTIONS)
    pools.clear()
    warm = run(big, None, jobs=None, cache_folder=cache, **OPTIONS)
    assert pools == [] and [r.findings for r in warm] == [r.findings for r in spread]  # the cache answers: no workers


def test_tasks_hold_a_few_files_each_balanced_by_size(tmp_path: Path) -> None:
    from blamelint.parallel import TASKS_PER_JOB, _tasks

    sizes = [900, 10, 500, 480, 20, 30, 400, 15, 25, 35, 45, 300, 5, 60, 70, 80, 90, 100, 110, 120]
    paths = []
    for number, size in enumerate(sizes):
        path = tmp_path / f"{number:02}.md"
        path.write_text("x" * size, encoding="utf-8")
        paths.append(str(path))
    tasks = _tasks([*paths, str(tmp_path / "gone.md")], jobs=2)
    assert len(tasks) == 2 * TASKS_PER_JOB
    assert sorted(i for task in tasks for i in task) == list(range(len(sizes) + 1))  # every file once
    assert all(task == sorted(task) for task in tasks)  # input order within a task
    totals = [sum(sizes[i] for i in task if i < len(sizes)) for task in tasks]
    assert totals == sorted(totals, reverse=True)  # the largest task first
    assert tasks[0] == [0]  # the 900-byte file alone outweighs any fair share
    assert max(totals[1:]) - min(totals) <= max(sizes[1:])  # the rest are dealt evenly
    assert _tasks(paths[:3], jobs=8) == [[0], [2], [1]]  # never more tasks than files
