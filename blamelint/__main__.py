"""Run the CLI as ``python -m blamelint``."""

from blamelint.cli import entry

entry()
