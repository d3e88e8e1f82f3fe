"""``python -m blamelint_lsp [--tcp HOST:PORT]``: run the language server."""

from __future__ import annotations

import argparse

from blamelint.nlp import defer_spacy_cli, limit_blas_threads

from .server import run


def main() -> None:
    """Parse ``--tcp`` and run the server."""
    limit_blas_threads()
    defer_spacy_cli()
    parser = argparse.ArgumentParser(prog="blamelint_lsp", description="The blamelint language server.")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    run(parser.parse_args().tcp)


if __name__ == "__main__":
    main()
