"""``--format junit``: parseable JUnit XML, one test case per file and one failure per finding."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from blamelint.output import FORMATS, RenderOptions
from blamelint.registry import load_rules


def test_real_cli_output_parses(cli_output) -> None:
    findings = json.loads(cli_output("json").stdout)["findings"]
    root = ET.fromstring(cli_output("junit").stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert sorted(c.get("name") for c in cases) == sorted(
        ["postmortems/blame.md", "postmortems/clean.md", "postmortems/root-cause.md", "postmortems/we,ird: 100%.md"]
    )
    failures = [f for c in cases for f in c.findall("failure")]
    assert len(failures) == len(findings) == int(root.get("failures"))
    assert int(suite.get("tests")) == 4
    assert int(suite.get("failures")) == 3  # files with findings
    by_name = {c.get("name"): c for c in cases}
    assert by_name["postmortems/clean.md"].findall("failure") == []
    codes = sorted(f.get("type") for f in failures)
    assert codes == sorted(f["code"] for f in findings)
    first = by_name["postmortems/blame.md"].find("failure")
    assert first.get("message").startswith("postmortems/blame.md:5:1: BL101 ")
    assert "blame-subject" in first.text


def test_control_characters_stay_valid_xml(make_result) -> None:
    hostile = "bell\x07 nul\x00 esc\x1b[31m vt\x0b ff\x0c lone\ud800 fffe\ufffe <tag> & \"q\" ]]> tab\t nl\n end"
    result = make_result(path="a\x01<b>&.md", message=hostile)
    xml = FORMATS["junit"]([result], load_rules(), RenderOptions(version="0.1\x02"))
    xml.encode("utf-8")  # no lone surrogate left
    root = ET.fromstring(xml.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert "\\u0007" in failure.get("message") and "\\u0000" in failure.get("message")
    assert "<tag> & \"q\" ]]> tab\t" in failure.text
    assert root.find("testsuite/testcase").get("name") == "a\\u0001<b>&.md"


def test_no_files_is_an_empty_suite() -> None:
    root = ET.fromstring(FORMATS["junit"]([], load_rules(), RenderOptions()).encode("utf-8"))
    assert root.find("testsuite").get("tests") == "0"
