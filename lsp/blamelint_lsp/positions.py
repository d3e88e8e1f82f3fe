"""Convert between blamelint positions (1-based lines, code-point columns) and LSP positions.

LSP ends lines only at ``\\r\\n``, ``\\r`` and ``\\n`` (unlike :meth:`str.splitlines`, which also splits
at U+2028, form feeds and friends), and counts columns in the negotiated position encoding (UTF-16
unless the client offered UTF-8 or UTF-32). Everything here goes through :func:`split_lines` and the
workspace's :class:`~pygls.workspace.PositionCodec`.
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.workspace import PositionCodec

from blamelint.findings import Range

__all__ = ["LineIndex", "split_lines"]

_EOL = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split ``text`` into LSP lines, without their terminators (a trailing newline gives a last '')."""
    return _EOL.split(text)


class LineIndex:
    """The lines of one text, for converting positions in both directions."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.codec = codec
        self.lines = split_lines(text)
        self.starts: list[int] = []
        offset = 0
        for match in _EOL.finditer(text):
            self.starts.append(offset)
            offset = match.end()
        self.starts.append(offset)

    def position(self, line: int, column: int) -> types.Position:
        """Turn a 1-based line and 1-based code-point column into an LSP position."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        prefix = self.lines[index][: max(column - 1, 0)]
        # ASCII is one unit per character in every encoding; pygls counts the rest character by character.
        return types.Position(line=index, character=len(prefix) if prefix.isascii() else self.codec.client_num_units(prefix))

    def range(self, rng: Range) -> types.Range:
        """Turn a blamelint :class:`Range` into an LSP range."""
        return types.Range(
            start=self.position(rng.start.line, rng.start.column), end=self.position(rng.end.line, rng.end.column)
        )

    def offset(self, position: types.Position) -> int:
        """Turn an LSP position into a 0-based code-point offset into the text (clamped)."""
        if position.line >= len(self.lines):
            return len(self.text)
        line = self.lines[max(position.line, 0)]
        if line.isascii():
            return self.starts[max(position.line, 0)] + min(max(position.character, 0), len(line))
        units = 0
        column = 0
        for char in line:
            if units >= position.character:
                break
            units += self.codec.client_num_units(char)
            column += 1
        return self.starts[max(position.line, 0)] + column

    def line_start(self, line: int) -> types.Position:
        """Return the start of 0-based ``line``."""
        return types.Position(line=line, character=0)
