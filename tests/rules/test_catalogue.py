"""The blame-language catalogue (guidance §1) is complete, and its rules are section-aware (§0.2)."""

from __future__ import annotations

import pytest

import blamelint
from blamelint import Config, Linter, load_rules

RULES = list(load_rules())
BLAME_CATEGORIES = ("attribution", "human-error", "counterfactual", "judgment")

#: Every recommended rule of guidance §1 (language rules) and the rule files that implement it.
GUIDANCE = {
    "counterfactual": ("should-have", "negated-omission", "avoidable-outcome", "failed-to"),
    "should-have": ("should-have", "failed-to"),
    "hindsight": ("hindsight",),
    "normative-judgment": ("normative-judgment",),
    "careless-adjectives": ("character-words",),
    "folk-model": ("folk-model",),
    "blame-subject": ("blame-subject",),
    "passive-blame-agent": ("passive-blame-agent",),
    "human-error-root-cause": ("human-error-root-cause", "slip-as-cause", "slip-wording"),
    "minimizing": ("minimizing",),
    "single-root-cause": ("single-root-cause",),
    "animated-language": ("animated-language",),
    "who-why-question": ("who-why-question",),
    "named-individual-in-analysis": ("named-individual-in-analysis",),
    "distancing": ("distancing",),
}


@pytest.mark.parametrize("guidance_id", sorted(GUIDANCE))
def test_every_recommended_rule_exists(guidance_id: str) -> None:
    names = {r.name for r in RULES}
    missing = [n for n in GUIDANCE[guidance_id] if n not in names]
    assert not missing, f"guidance §1 `{guidance_id}` has no rule file {missing}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.category in BLAME_CATEGORIES], ids=lambda r: r.code)
def test_blame_rules_have_three_bad_and_three_good_examples(rule) -> None:
    assert len(rule.bad) >= 3, f"{rule.code} has {len(rule.bad)} bad examples"
    assert len(rule.good) >= 3, f"{rule.code} has {len(rule.good)} good examples"
    assert rule.fix is not None, f"{rule.code} offers no suggestion"
    assert rule.scope and "quote" not in rule.scope, f"{rule.code} reads quoted chat logs"


def _severities(code: str, text: str) -> list[str]:
    linter = _LINTERS.setdefault(code, Linter(Config(select=(code,), preview=True)))
    return [f.severity.value for f in linter.lint_text(text) if f.code == code]


_LINTERS: dict[str, Linter] = {}


@pytest.mark.parametrize(
    ("code", "sentence", "expected"),
    [
        # A person-subject counterfactual: flagged in the narrative, planning in action items,
        # legitimate under "Where we got lucky" (guidance §0.2).
        ("BL301", "Bob should have paged the database team.", {"timeline": ["warning"], "summary": ["warning"],
                                                               "analysis": ["warning"], "lucky": [], "actions": []}),
        # An agentless slip: an error in the analysis, info in "lucky", silent in action items.
        ("BL203", "The cluster was accidentally deleted.", {"analysis": ["error"], "summary": ["warning"],
                                                            "lucky": ["info"], "actions": []}),
        # A system-side omission is informational in the analysis, a warning in the narrative.
        ("BL304", "We did not deploy the fix before the weekend.", {"timeline": ["warning"], "analysis": ["info"],
                                                                    "lucky": [], "questions": []}),
        ("BL201", "Root cause: human error.", {"analysis": ["error"], "summary": ["warning"], "lucky": ["info"]}),
        ("BL403", "Complacency of the on-call rotation.", {"analysis": ["error"], "summary": ["warning"]}),
    ],
)
def test_the_same_words_change_severity_by_section(code: str, sentence: str, expected: dict[str, list[str]]) -> None:
    headings = {"timeline": "Timeline", "summary": "Summary", "analysis": "Contributing factors",
                "lucky": "Where we got lucky", "actions": "Action items", "questions": "Open questions"}
    for section, severities in expected.items():
        body = f"- {sentence}" if section in ("actions", "questions") else sentence
        text = f"## {headings[section]}\n\n{body}\n"
        assert _severities(code, text) == severities, f"{code} under {headings[section]!r}"


@pytest.mark.parametrize(
    "text",
    [
        "> Sarah didn't check the logs before restarting.",  # a quoted chat log: the participants' own words
        "The runbook says `Sarah didn't check the logs` as an example.",  # inline code
        "```\nSarah didn't check the logs.\n```",  # a code block
        "<!-- Sarah didn't check the logs. -->",  # a comment
    ],
)
def test_quotes_and_code_are_not_read(text: str) -> None:
    findings = blamelint.lint_text(text, config=Config(preview=True))
    assert [f.code for f in findings if f.category in BLAME_CATEGORIES] == []


def test_owner_names_in_action_items_are_expected() -> None:
    text = "## Action items\n\n- Alice to add a canary stage to the deploy pipeline by 2026-06-01.\n"
    findings = blamelint.lint_text(text, config=Config(preview=True))
    assert [f.code for f in findings if f.category in BLAME_CATEGORIES] == []
