"""The blamelint language server (see :mod:`blamelint_lsp.server`)."""
