"""The ``blamelint`` command line. The only module that prints or exits.

Exit codes: 0 no findings, 1 findings, 2 usage, config, rule-file or internal errors.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from ._version import __version__
from .api import explain as explain_sentence
from .config import Config, load_config
from .engine import LintResult
from .errors import BlamelintError, ConfigError
from .findings import severity_rank
from .nlp import defer_spacy_cli, limit_blas_threads
from .output import FORMATS, RenderOptions
from .registry import load_rules
from .rule import Rule

__all__ = ["entry", "main"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"blamelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _codes(values: Sequence[str]) -> list[str]:
    """Split repeated, comma-separated options ("--select BL1,BL3 --select judgment")."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _load_explicit_config(path: str | None) -> Config | None:
    if path is None:
        return None
    if not Path(path).is_file():
        _fail(f"config file not found: {path}")
    return load_config(str(Path(path).resolve()))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="blamelint")
@click.option("-v", "--verbose", is_flag=True, help="Log what blamelint does (to stderr).")
def cli(verbose: bool) -> None:
    """Keep incident postmortems blameless: lint Markdown for blame, hindsight and weak action items."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rule codes, code prefixes (BL1) or categories to check; replaces the config.")
@click.option("--extend-select", multiple=True, help="Rules to check in addition to the selection.")
@click.option("--ignore", multiple=True, help="Rule codes, code prefixes or categories to skip.")
@click.option("--preview", is_flag=True, help="Also run rules whose status is preview.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file for every file (no discovery).")
@click.option("--stdin-filename", default="-", help="The path to report for text read from stdin.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply unsafe fixes (rewrites that need a reader).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line (text format).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=None,
    help="Lint in this many processes (0: one per CPU)  [default: one per CPU, up to 8, when the files to lint hold 32 KB or more; else 1]",
)
@click.option("--no-cache", is_flag=True, help="Lint every file afresh; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="BLAMELINT_CACHE_DIR", help="Where to keep the cache  [default: .blamelint_cache]")
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    preview: bool,
    config_path: str | None,
    stdin_filename: str,
    statistics: bool,
    exit_zero: bool,
    apply_fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    fail_on: str,
    quiet: bool,
    color: bool | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Lint Markdown postmortems: files, folders (recursively), globs, or - for stdin."""
    targets = list(paths) or ["."]
    for target in targets:
        if target != "-" and not Path(target).exists() and not any(c in target for c in "*?["):
            _fail(f"{target}: no such file or directory")
    config = _load_explicit_config(config_path)
    stdin_text = None
    if "-" in targets:
        data = sys.stdin.buffer.read()
        from .sources import decode

        stdin_text, problem = decode(data)
        if stdin_text is None:
            _fail(f"stdin: {problem}")
    from .cache import DEFAULT_CACHE_DIR
    from .parallel import Progress, default_jobs
    from .parallel import run as run_lint

    progress = Progress(sys.stderr, enabled=not quiet)
    results = run_lint(
        targets,
        config,
        jobs=None if jobs is None else jobs or default_jobs(),
        cache_folder=None if no_cache else (cache_dir or DEFAULT_CACHE_DIR),
        on_total=progress.start,
        on_result=lambda _result: progress.advance(),
        select=_codes(select) or None,
        ignore=_codes(ignore),
        extend_select=_codes(extend_select),
        preview=preview,
        stdin_text=stdin_text,
        stdin_path=stdin_filename,
    )
    progress.close()
    if unsafe_fixes and not (apply_fix or show_diff):
        _fail("--unsafe-fixes goes with --fix or --diff")
    if apply_fix or show_diff:
        overrides = {"select": _codes(select) or None, "ignore": _codes(ignore), "extend_select": _codes(extend_select), "preview": preview}
        results = _fix_results(results, config, overrides, unsafe=unsafe_fixes, write=apply_fix and not show_diff,
                               stdin_text=stdin_text, stdin_path=stdin_filename if "-" in targets else None)
        if show_diff:
            sys.exit(_exit_code(results, fail_on, exit_zero))
    rules = load_rules(config.rule_folders if config else ())
    use_color = color if color is not None else (output_format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    options = RenderOptions(color=use_color, statistics=statistics, version=__version__)
    rendered = FORMATS[output_format](results, rules, options)
    if quiet and output_format == "text":
        rendered = "".join(line for line in rendered.splitlines(keepends=True) if not line.startswith(("Found ", "All checks")))
    click.echo(rendered, nl=False, color=use_color)
    sys.exit(_exit_code(results, fail_on, exit_zero))


def _exit_code(results: Sequence[LintResult], fail_on: str, exit_zero: bool) -> int:
    threshold = severity_rank(fail_on)
    failing = any(severity_rank(f.severity) >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def _fix_results(
    results: Sequence[LintResult],
    config: Config | None,
    overrides: dict[str, object],
    *,
    unsafe: bool,
    write: bool,
    stdin_text: str | None,
    stdin_path: str | None,
) -> list[LintResult]:
    """Apply fixes file by file (``--fix``) or print them as a diff (``--diff``); return what remains."""
    import difflib

    from .api import _linter, _overridden
    from .config import config_for
    from .fixes import FileChangedError, fix_text, read_for_fix, write_fixed

    out: list[LintResult] = []
    fixed = files = 0
    for result in results:
        allowed = ("safe", "unsafe") if unsafe else ("safe",)
        if not any(x.edits and x.applicability.value in allowed for f in result.findings for x in f.fixes):
            out.append(result)
            continue
        if stdin_text is not None and result.path == stdin_path:
            if write:
                _fail("--fix cannot write to standard input; use --diff to see the fixes")
            original, text = b"", stdin_text
            file_config = config or config_for(Path.cwd())
        else:
            try:
                original, text, problem = read_for_fix(result.path)
            except OSError as exc:
                click.echo(f"blamelint: {result.path}: cannot read the file to fix it: {exc.strerror or exc}", err=True)
                out.append(result)
                continue
            if text is None:
                click.echo(f"blamelint: {result.path}: not fixed: {problem}", err=True)
                out.append(result)
                continue
            file_config = config or config_for(result.path)
        linter = _linter(_overridden(file_config, overrides))
        # The check already linted this very text (unless the file changed since): reuse its findings.
        known = result.findings if result.document is not None and result.document.source == text else None
        outcome = fix_text(text, lambda t, p=result.path: linter.lint_text(t, p), unsafe=unsafe, findings=known)
        if outcome.text != text:
            if not write:
                click.echo("".join(difflib.unified_diff(
                    text.splitlines(keepends=True), outcome.text.splitlines(keepends=True), f"a/{result.path}", f"b/{result.path}"
                )), nl=False)
            else:
                try:
                    write_fixed(result.path, outcome.text, original)
                except FileChangedError as exc:
                    click.echo(f"blamelint: {exc}", err=True)
                    out.append(result)
                    continue
                except OSError as exc:
                    click.echo(f"blamelint: {result.path}: cannot write the fixes: {exc.strerror or exc}", err=True)
                    out.append(result)
                    continue
            fixed += len(outcome.applied)
            files += 1
        out.append(LintResult(result.path, list(outcome.remaining), None))
    verb = "Fixed" if write else "Would fix"
    if fixed or not write:
        click.echo(f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}.", err=True)
    return out


def _rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "status": rule.status,
        "severity": rule.severity,
        "summary": rule.summary,
        "why": rule.doc.why,
        "limitations": rule.doc.limitations,
        "link": rule.link,
        "fix": None if rule.fix is None else {"title": rule.fix.title, "applicability": rule.fix.applicability.value},
        "examples": {"bad": [e.raw for e in rule.bad], "good": [e.raw for e in rule.good]},
    }


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Also list rules from this config's rule folders.")
def rules_command(output_format: str, config_path: str | None) -> None:
    """List every rule with its code, category, severity and summary."""
    config = _load_explicit_config(config_path)
    rules = list(load_rules(config.rule_folders if config else ()))
    if output_format == "json":
        click.echo(json.dumps([_rule_dict(r) for r in rules], indent=2, ensure_ascii=False))
        return
    width = max(len(r.name) for r in rules)
    for rule in rules:
        status = "" if rule.status == "stable" else f" ({rule.status})"
        fix = "*" if rule.fix else " "
        click.echo(f"{rule.code} {fix} {rule.name:<{width}}  {rule.category:<14} {rule.severity:<7}  {rule.summary}{status}")
    click.echo("\n* offers a fix. `blamelint rule CODE` explains one rule.")


@cli.command("rule")
@click.argument("code")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule_command(code: str, output_format: str) -> None:
    """Explain one rule: what it flags, why, and examples."""
    rule = load_rules().get(code)
    if rule is None:
        _fail(f"unknown rule '{code}' (`blamelint rules` lists them)")
    if output_format == "json":
        click.echo(json.dumps(_rule_dict(rule), indent=2, ensure_ascii=False))
        return
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Category: {rule.category} · default severity: {rule.severity} · status: {rule.status} (since {rule.since})",
        "",
        "## What it flags",
        rule.summary,
        "",
        "## Why it matters",
        rule.doc.why.strip(),
        "",
        "## Example",
        *[f"    {e.text}" for e in rule.bad],
        "",
        "## Instead",
        *[f"    {e.text}" for e in rule.good],
    ]
    if rule.fix:
        lines += ["", f"## Fix ({rule.fix.applicability.value})", rule.fix.title]
    if rule.doc.limitations:
        lines += ["", "## Known limitations", rule.doc.limitations.strip()]
    lines += ["", "## Reference", rule.link]
    click.echo("\n".join(lines))


@cli.command("explain")
@click.argument("sentence", required=False)
@click.option("--file", "file_path", type=click.Path(exists=True, dir_okay=False), help="Explain a line of this file.")
@click.option("--line", type=int, help="The 1-based line of --file to explain.")
@click.option("--preview", is_flag=True, help="Also run rules whose status is preview.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(sentence: str | None, file_path: str | None, line: int | None, preview: bool, output_format: str) -> None:
    """Show how blamelint reads a sentence: tokens, people found, and each rule that matched or why it was dropped."""
    from .explainer import render_text

    config = Config(preview=True) if preview else None
    if file_path is not None:
        if line is None:
            _fail("--file needs --line")
        from .api import config_for
        from .sources import read_source

        source = read_source(file_path)
        if source.text is None:
            _fail(f"{file_path}: {source.problem}")
        count = len(source.text.splitlines())
        if not 1 <= line <= count:
            _fail(f"{file_path} has {count} lines; --line {line} is outside it")
        base = config_for(file_path)
        result = explain_sentence(source.text, base.merged(preview=True) if preview else base, path=file_path, line=line)
        if not result.tokens:
            _fail(f"{file_path}:{line} holds no prose to explain (blank, code, front matter or a comment)")
    else:
        if not sentence:
            _fail("give a sentence, or --file F --line N")
        result = explain_sentence(sentence, config)
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(render_text(result))


@cli.command("lsp")
@click.option("--tcp", "tcp", metavar="HOST:PORT", help="Listen on TCP instead of stdio (for debugging).")
def lsp_command(tcp: str | None) -> None:
    """Run the language server on stdio."""
    try:
        from blamelint_lsp.server import run
    except ImportError as exc:
        _fail(f"the language server cannot start ({exc}); reinstall with: pip install blamelint")
    run(tcp)



@cli.command("new")
@click.option("--title", default=None, help="The postmortem's title (default: a placeholder).")
@click.option("--date", "date_text", default=None, help="The incident date, YYYY-MM-DD (default: today, UTC).")
@click.option("--severity", default=None, help="The incident severity, such as SEV-2 (default: a placeholder).")
@click.option("-o", "--output", default=None, help="Where to write it (default: postmortem-DATE.md; - for stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new_command(title: str | None, date_text: str | None, severity: str | None, output: str | None, force: bool) -> None:
    """Write a postmortem scaffold from the standard template; its {TODO: …} placeholders are findings until filled in."""
    import datetime as dt
    import string
    from importlib.resources import files

    from .structure.dates import parse_date

    if date_text is None:
        day = dt.datetime.now(dt.timezone.utc).date()
    else:
        parsed = parse_date(date_text)
        if parsed is None:
            _fail(f"--date {date_text!r} is not a calendar date (use YYYY-MM-DD)")
        day = parsed
    for name, value in (("--title", title), ("--severity", severity)):
        if value is not None and ("\n" in value or "\r" in value or not value.strip()):
            _fail(f"{name} must be one non-empty line")
    template = files("blamelint").joinpath("templates", "postmortem.md").read_text(encoding="utf-8")
    quoted_severity = json.dumps(severity.strip()) if severity else '"{TODO: severity, such as SEV-2}"'
    text = string.Template(template).safe_substitute(
        title=title.strip() if title else "{TODO: incident title}",
        date=day.isoformat(),
        severity=quoted_severity,
    )
    target = output or f"postmortem-{day.isoformat()}.md"
    if target == "-":
        click.echo(text, nl=False)
        return
    path = Path(target)
    if path.exists() and not force:
        _fail(f"{target} already exists; pass --force to overwrite it")
    if path.exists() and not path.is_file():
        _fail(f"{target} is not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}")
    click.echo(f"Wrote {target}. Fill in every {{TODO: …}}; `blamelint check {target}` lists the ones left.", err=True)


@cli.command("report")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def report_command(file: str, output_format: str) -> None:
    """Print a postmortem's review numbers: duration, time to detect/mitigate/resolve, action items by status and owner."""
    from .document import parse_document
    from .sources import read_source
    from .structure.report import build_report, render_report

    if file != "-" and not Path(file).is_file():
        _fail(f"{file}: no such file")
    if file == "-":
        from .sources import decode

        text, problem = decode(sys.stdin.buffer.read())
    else:
        source = read_source(file)
        text, problem = source.text, source.problem
    if text is None:
        _fail(f"{file}: {problem}")
    report = build_report(parse_document(text, file))
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_report(report), nl=False)


def _tune_process() -> None:
    """Settings for a short run of this process (not for library callers, whose process is their own).

    - OpenBLAS gets one thread and spaCy is imported without its command line (see
      :func:`~blamelint.nlp.limit_blas_threads` and :func:`~blamelint.nlp.defer_spacy_cli`).
    - No automatic cyclic garbage collection (``gc.set_threshold(0)``, which spaCy's loader, unlike
      ``gc.disable()``, does not undo). Each collection walks every object made since the last one;
      loading the model and linting make almost no reference cycles (about 300 unreachable objects
      over the 48-file corpus, a guard test keeps it so), and the collector took a sixteenth of a
      cold run (``bench/speed.py``). Memory is freed by reference counting as before; peak RSS on
      the corpus did not change.
    """
    limit_blas_threads()
    defer_spacy_cli()
    gc.set_threshold(0)


def entry() -> NoReturn:
    """The ``blamelint`` command: :func:`main`, then end the process without tearing it down.

    An ordinary exit frees every object one by one: the model, the matchers and every document
    and finding of the run. On the corpus that took 0.16 s after the last line was printed, a
    sixteenth of the run, for memory the operating system takes back at once anyway. So once the
    output is flushed the process ends with :func:`os._exit`, as mypy's ``hard_exit`` does. Worker
    processes already end that way (multiprocessing). :func:`main`, which tests and callers use,
    still raises :class:`SystemExit`.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = EXIT_CLEAN
    if code is None:
        code = EXIT_CLEAN
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written to it
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every blamelint error into a message and exit code 2."""
    _tune_process()
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="blamelint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_ERROR)
    except ConfigError as exc:
        _fail(f"invalid configuration: {exc}")
    except BlamelintError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("BLAMELINT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set BLAMELINT_DEBUG=1 for a traceback; please report it)")
