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


@pytest.fixture(scope="session", autouse=True)
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the CLI's result cache of every test run in a temporary folder, not the checkout."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLAMELINT_CACHE_DIR", str(tmp_path_factory.mktemp("blamelint-cache")))
        yield
