"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure, ...).

One ``<testsuite name="blamelint">`` inside ``<testsuites>``; one ``<testcase>`` per linted file
(``classname`` = ``blamelint``, ``name`` = the path); one ``<failure>`` per finding, with
``type`` = the rule code and ``message`` = ``path:line:col: CODE message``. A clean file is a passing
test case. Characters XML 1.0 cannot carry (C0 controls other than tab/newline/CR, lone surrogates,
U+FFFE/U+FFFF) are replaced by ``\\uXXXX`` escapes, so the output always parses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from ..engine import LintResult
    from ..registry import RuleSet
    from . import RenderOptions

__all__ = ["clean", "render"]

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Replace characters that XML 1.0 forbids with visible ``\\uXXXX`` escapes."""
    return _INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(results: Sequence[LintResult], rules: RuleSet, options: RenderOptions) -> str:
    """Return the JUnit XML report."""
    total = sum(len(r.findings) for r in results)
    root = ET.Element("testsuites", {"name": "blamelint", "tests": str(len(results)), "failures": str(total), "errors": "0"})
    failed_files = sum(1 for r in results if r.findings)
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": "blamelint", "tests": str(len(results)), "failures": str(failed_files), "errors": "0", "skipped": "0"},
    )
    if options.version:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "blamelint.version", "value": clean(options.version)})
    for result in results:
        case = ET.SubElement(suite, "testcase", {"classname": "blamelint", "name": clean(result.path), "file": clean(result.path)})
        for finding in result.findings:
            pos = finding.range.start
            where = f"{finding.path}:{pos.line}:{pos.column}"
            failure = ET.SubElement(
                case,
                "failure",
                {"type": finding.code, "message": clean(f"{where}: {finding.code} {finding.message}")},
            )
            body = [
                f"{where}: {finding.code} [{finding.severity.value}] {finding.message}",
                f"rule: {finding.rule} ({finding.category}), section: {finding.section}",
            ]
            body += [f"help: {fix.title}" for fix in finding.fixes[:1]]
            failure.text = clean("\n".join(body))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
