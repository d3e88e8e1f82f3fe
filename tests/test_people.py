"""People detection combines signals because NER alone is unreliable (guidance §0.4)."""

from __future__ import annotations

import pytest

import blamelint


@pytest.mark.parametrize(
    "sentence",
    [
        "Priya forgot to rotate the key.",
        "@alice ignored the warning.",
        "dylanfour@ ignored the setup.",
        "ops@example.com forgot to renew the domain.",
        "The on-call engineer missed the page.",
        "The QA team missed the bug.",
        "Someone skipped the canary.",
        "After the page, Alice didn't check the replica.",
    ],
)
def test_person_subjects_are_found(sentence: str) -> None:
    assert [f.code for f in blamelint.lint_text(sentence)] == ["BL101"], sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Jenkins failed to publish the build.",
        "Terraform failed to apply the plan.",
        "Kubernetes failed to schedule the pod.",
        "The deploy failed to complete.",
        "We failed to notice the alert.",
        "Our team missed the page during the handover.",
        "`kubectl` failed to connect.",
    ],
)
def test_systems_and_the_writers_are_not_blame_targets(sentence: str) -> None:
    assert [f.code for f in blamelint.lint_text(sentence) if f.category == "attribution"] == [], sentence


def _people(sentence: str, config: blamelint.Config | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in blamelint.explain(sentence, config).mentions]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Priya forgot to rotate the key.", [("Priya", "name")]),
        ("The change was pushed by @alice yesterday.", [("@alice", "handle")]),
        ("dylanfour@ ignored the setup.", [("dylanfour@", "handle")]),
        ("ops@example.com forgot to renew the domain.", [("ops@example.com", "email")]),
        ("The on-call engineer missed the page.", [("engineer", "role")]),
        ("She restarted the primary.", [("She", "pronoun")]),
        ("Why didn't Alice escalate sooner?", [("Alice", "name")]),
        ("We restarted the primary.", []),
        ("Jenkins failed to publish the build.", []),
        ("The page was acknowledged by logantwo@ at 14:02.", [("logantwo@", "handle")]),
        ("Run `kubectl apply --as admin@` in staging.", []),
        ("Attempt fails due to a timeout from the registry.", []),
        ("Bob skipped the canary.", [("Bob", "name")]),
        ("At 09:05 Ines pushed the config without running the validator.", [("Ines", "name")]),
        ("The component is used mostly by Cloud Engineering and the OID Space grew.", []),
        ("Builds succeeded, but launching the image failed.", []),
    ],
)
def test_each_signal_and_its_kind(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _people(sentence) == expected


def test_the_allowlist_and_role_nouns_are_configurable() -> None:
    sentence = "Borgbot forgot to drain the rack, and the wrangler missed the page."
    default = dict(_people(sentence))
    assert default.get("Borgbot") == "name" and "wrangler" not in default
    configured = blamelint.Config(system_names=("borgbot",), role_nouns=("wrangler",))
    assert dict(_people(sentence, configured)) == {"wrangler": "role"}
    codes = [f.code for f in blamelint.lint_text(sentence, config=configured) if f.category == "attribution"]
    assert codes == ["BL101"]


def test_ner_is_not_run_unless_a_selected_rule_requires_it() -> None:
    from blamelint import Linter

    linter = Linter(blamelint.Config())
    assert "ner" not in linter.requires, "a stable rule asks for NER, which costs ~40% of run time; measure first"
