"""Editor settings: ``workspace/configuration`` (pull) and ``workspace/didChangeConfiguration`` (push).

Also ``workspace/didChangeWatchedFiles``: when a client reports that a ``.blamelint.yaml``,
``.blamelint.yml`` or ``pyproject.toml`` was created, changed or deleted, the cached config lookups
are dropped and open documents are linted again (edits to a known config file are seen anyway).

The ``blamelint`` section (what the VS Code extension sends) has ``enable``, ``run`` (``onType`` or
``onSave``), ``select``, ``ignore`` and ``severity``; ``interpreter``, ``path`` and ``trace`` belong to
the extension and are ignored. Settings are merged over the project configuration found upward from
each document. No lint runs before the first settings arrive: linting waits on ``settings_ready``,
which is set in a ``finally`` so a failed or odd reply cannot block linting forever.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris

from blamelint.config import CONFIG_FILES, Config, clear_caches, config_for
from blamelint.errors import BlamelintError
from blamelint.findings import SEVERITIES

if TYPE_CHECKING:
    from .server import BlamelintServer

__all__ = ["Settings", "config_for_uri", "parse_settings", "register"]

LOG = logging.getLogger("blamelint_lsp")
SECTION = "blamelint"
#: How long to wait for a pushed configuration from a client that cannot be asked for one.
PUSH_GRACE_SECONDS = 1.0


@dataclass(frozen=True)
class Settings:
    """The editor settings the server uses."""

    enable: bool = True
    run: str = "onType"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(str(v).strip() for v in value if isinstance(v, str) and v.strip())


def parse_settings(raw: Any) -> Settings:
    """Read the ``blamelint`` section, ignoring unknown keys and values of the wrong type."""
    if not isinstance(raw, dict):
        return Settings()
    if isinstance(raw.get(SECTION), dict):  # a whole settings object rather than the section
        raw = raw[SECTION]
    severity: dict[str, str] = {}
    if isinstance(raw.get("severity"), dict):
        for code, level in raw["severity"].items():
            if isinstance(level, str) and level in (*SEVERITIES, "off"):
                severity[str(code).upper()] = level
    run = raw.get("run")
    return Settings(
        enable=raw.get("enable") is not False,
        run=run if run in ("onType", "onSave") else "onType",
        select=_codes(raw.get("select")),
        ignore=_codes(raw.get("ignore")),
        severity=severity,
    )


def apply(base: Config, settings: Settings) -> Config:
    """Overlay editor settings on a project configuration."""
    return base.merged(
        select=settings.select or None,
        ignore=base.ignore + settings.ignore if settings.ignore else None,
        severity={**base.severity, **settings.severity} if settings.severity else None,
    )


def config_for_uri(ls: BlamelintServer, uri: str) -> Config:
    """Return the project configuration for a document: upward from a file, else the workspace or cwd."""
    path = uris.to_fs_path(uri) if uri.startswith("file:") else None
    if path is None:
        root = ls.workspace.root_path if ls.workspace else None
        path = root or str(Path.cwd())
    try:
        base = config_for(path)
    except BlamelintError as exc:
        ls.log_once(f"blamelint: configuration error for {uri}: {exc}; using defaults")
        base = Config()
    return apply(base, ls.settings)


async def pull(ls: BlamelintServer) -> None:
    """Ask the client for the ``blamelint`` section (``workspace/configuration``)."""
    try:
        reply = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
        ls.settings = parse_settings(reply[0] if reply else None)
    except Exception as exc:  # a client error must not leave linting blocked
        LOG.warning("workspace/configuration failed: %s", exc)
    finally:
        ls.settings_ready.set()


def _supports_pull(ls: BlamelintServer) -> bool:
    workspace = ls.client_capabilities.workspace
    return bool(workspace and workspace.configuration)


def register(server: BlamelintServer) -> None:
    """Register the ``initialized`` and ``workspace/didChangeConfiguration`` handlers."""

    @server.feature(types.INITIALIZED)
    async def initialized(ls: BlamelintServer, params: types.InitializedParams) -> None:
        options = ls.initialization_options
        if isinstance(options, dict) and options:
            ls.settings = parse_settings(options)
        if _supports_pull(ls):
            await pull(ls)
            return
        if isinstance(options, dict) and options:
            ls.settings_ready.set()
            return
        # A client without workspace/configuration pushes its settings right after initialized
        # (Neovim 0.7 in on_init); give it a moment, then go on with the defaults.
        try:
            await asyncio.wait_for(ls.settings_ready.wait(), PUSH_GRACE_SECONDS)
        except TimeoutError:
            pass
        finally:
            ls.settings_ready.set()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: BlamelintServer, params: types.DidChangeWatchedFilesParams) -> None:
        names = {Path(uris.to_fs_path(change.uri) or change.uri).name for change in params.changes}
        if names & set(CONFIG_FILES):
            clear_caches()
            await ls.settings_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: BlamelintServer, params: types.DidChangeConfigurationParams) -> None:
        clear_caches()
        if _supports_pull(ls):
            await pull(ls)
        else:
            try:
                if isinstance(params.settings, dict):
                    ls.settings = parse_settings(params.settings)
            finally:
                ls.settings_ready.set()
        await ls.settings_changed()
