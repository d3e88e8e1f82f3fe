"""Load YAML safely, with line numbers for error messages and limits against YAML bombs.

Rule files and ``.blamelint.yaml`` are read with the safe loader only (no Python objects), refused
above ``MAX_YAML_BYTES``, and refused when aliases would expand a document beyond ``MAX_YAML_NODES``
nodes (the "billion laughs" shape). ``load_with_lines`` also returns where each key stands, so a
validation error can name ``path:line``.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_NODES", "YamlError", "load_with_lines"]

MAX_YAML_BYTES = 1_000_000
MAX_YAML_NODES = 200_000

KeyPath = tuple[Any, ...]


class YamlError(ValueError):
    """The text is not valid YAML or is too large; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


def _count_nodes(root: yaml.Node) -> None:
    """Count nodes as the loader would expand them (aliases counted each time they are used)."""
    budget = MAX_YAML_NODES
    stack = [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise YamlError(f"document expands to more than {MAX_YAML_NODES} nodes (alias bomb?)")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def _lines(node: yaml.Node, path: KeyPath, out: dict[KeyPath, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _lines(child, (*path, index), out)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_value = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            out[(*path, key_value)] = key.start_mark.line + 1
            _lines(value, (*path, key_value), out)


def load_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse ``text`` with the safe loader; return the data and a map from key path to line."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlError(f"file is larger than {MAX_YAML_BYTES} bytes")
    try:
        return _load(text)
    except RecursionError:
        raise YamlError("document is nested too deeply") from None


#: libyaml's C loader when PyYAML was built with it (ten times faster), else the pure-Python one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> tuple[Any, dict[KeyPath, int]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"invalid YAML: {exc.problem or exc}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    if node is None:
        return None, {}
    _count_nodes(node)
    lines: dict[KeyPath, int] = {}
    _lines(node, (), lines)
    loader = _Loader("")
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:  # e.g. an unhashable key; compose accepts it, construction does not
        raise YamlError(f"invalid YAML: {exc}", node.start_mark.line + 1) from None
    finally:
        loader.dispose()
    return data, lines
