"""Process-level behaviour over a raw stdio connection: malformed input, cancellation, shutdown and exit."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from lsp_support import PROJECT, server_env


class RawServer:
    """A hand-written JSON-RPC client over the server's stdio pipes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "blamelint_lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=server_env(),
        )

    def send_raw(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            assert line, "the server closed its output"
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def read_response(self, msg_id: int) -> dict[str, Any]:
        while True:
            message = self.read()
            if message.get("id") == msg_id and "method" not in message:
                return message

    def initialize(self) -> dict[str, Any]:
        self.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": PROJECT.as_uri(), "capabilities": {}}})
        reply = self.read_response(1)
        self.send({"method": "initialized", "params": {}})
        return reply


def test_malformed_messages_get_errors_and_shutdown_exit_is_clean():
    server = RawServer()
    try:
        assert "capabilities" in server.initialize()["result"]
        # an unknown request method
        server.send({"id": 2, "method": "blamelint/nonsense", "params": {}})
        assert server.read_response(2)["error"]["code"] == -32601
        # params of the wrong shape
        server.send({"id": 3, "method": "textDocument/hover", "params": {"textDocument": 5}})
        assert server.read_response(3)["error"]["code"] == -32602
        # a request for a document that was never opened answers, without crashing
        server.send({"id": 4, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}})
        assert server.read_response(4)["result"] is None
        # not JSON at all: the server reports it and keeps serving
        server.send_raw(b"{this is not json")
        parse_error = server.read()
        assert parse_error.get("id") is None and parse_error["error"]["code"] == -32700
        server.send({"id": 5, "method": "shutdown"})
        assert server.read_response(5) == {"jsonrpc": "2.0", "id": 5, "result": None}
        server.send({"method": "exit"})
        assert server.proc.wait(timeout=30) == 0
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        for pipe in (server.proc.stdin, server.proc.stdout, server.proc.stderr):
            if pipe:
                pipe.close()


def test_exit_without_shutdown_is_an_error_code():
    server = RawServer()
    try:
        server.initialize()
        server.send({"method": "exit"})
        assert server.proc.wait(timeout=30) == 1
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        for pipe in (server.proc.stdin, server.proc.stdout, server.proc.stderr):
            if pipe:
                pipe.close()
