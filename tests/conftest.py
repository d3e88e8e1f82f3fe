"""Shared fixtures: one linter per session over the real spaCy pipeline."""

from __future__ import annotations

import pytest

from blamelint import Linter, load_rules
from blamelint.registry import RuleSet


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def linter() -> Linter:
    """A linter with every rule, preview ones included."""
    from blamelint import Config

    return Linter(Config(preview=True))
