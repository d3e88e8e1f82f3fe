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
