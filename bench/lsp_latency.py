"""Measure the language server's keystroke latency over a real stdio connection.

Starts ``python -m blamelint_lsp``, opens a generated ~5,000-word postmortem, sends 200 one-keystroke
``textDocument/didChange`` edits (full text, as the server uses Full sync) and times each didChange →
``textDocument/publishDiagnostics``. Prints p50/p95/max, the first (cold) lint, the server's CPU time
per edit (user+sys from ``/proc/PID/stat``, steadier than wall time on a shared machine) and its
resident memory (VmRSS/VmHWM from ``/proc/PID/status``).

    PYTHONPATH=.:lsp python bench/lsp_latency.py [--edits 200] [--words 5000] [--debounce SECONDS] [--pace MS]

Without ``--pace`` the edits go one at a time: each waits for the publish of its own version before the
next is sent, so nothing is coalesced. With ``--pace MS`` the edits are typed every MS milliseconds
whatever the server does (a typist), and each keystroke's latency runs until the first publish of its
version or a newer one: a version coalesced away counts until the publish that covers it, never as
fast. Any debounce (``BLAMELINT_LSP_DEBOUNCE``, default 0) is part of what an editor sees and is included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "The deploy pipeline promoted build {n} to the canary fleet at 14:{m:02d} UTC.",
    "Error rates on the checkout API rose to {n} percent within four minutes.",
    "The on-call engineer was paged by the latency alert and acknowledged it.",
    "John forgot to run the migration before the release went out.",
    "The root cause was human error during the failover.",
    "We should have tested the rollback path in staging.",
    "The runbook step for draining connections predates the new load balancer.",
    "Dashboards showed connection pool saturation on {n} database replicas.",
    "The feature flag defaulted to on for every region, including the new one.",
    "Alerting thresholds were tuned for the old traffic pattern and fired late.",
    "A retry storm from mobile clients doubled the request volume.",
    "The config change was reviewed, but the diff did not show the inherited default.",
]
SECTIONS = ["Summary", "Timeline", "Impact", "Detection", "Analysis", "Lessons learned", "Action items"]


def postmortem(words: int, seed: int = 7) -> str:
    """A Markdown postmortem of about ``words`` words with some findings in it."""
    rng = random.Random(seed)
    out = ["# Incident 4711: checkout outage", ""]
    count = 0
    section = 0
    while count < words:
        out += [f"## {SECTIONS[section % len(SECTIONS)]}", ""]
        section += 1
        for _ in range(6):
            paragraph = " ".join(
                s.format(n=rng.randint(2, 99), m=rng.randint(0, 59)) for s in rng.sample(SENTENCES, 5)
            )
            count += len(paragraph.split())
            out += [("- " if SECTIONS[(section - 1) % len(SECTIONS)] == "Action items" else "") + paragraph, ""]
    return "\n".join(out)


class Client:
    """A minimal JSON-RPC client over the server's pipes."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        msg_id = None
        if request:
            self.next_id += 1
            msg_id = message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return msg_id

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def wait(self, predicate: Any) -> dict[str, Any]:
        while True:
            message = self.read()
            if message.get("method") == "workspace/configuration" and "id" in message:
                self.reply(message["id"], [{}])
                continue
            if predicate(message):
                return message

    def reply(self, msg_id: int, result: Any) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "result": result}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()


def rss(pid: int) -> dict[str, str]:
    """VmRSS and VmHWM of a process."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = " ".join(value.split())
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--debounce", type=float, default=None, help="seconds (default: the server's own, 0)")
    parser.add_argument("--pace", type=float, default=None, help="type an edit every MS milliseconds (default: one at a time)")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.debounce is not None:
        env["BLAMELINT_LSP_DEBOUNCE"] = str(args.debounce)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "lsp"), env.get("PYTHONPATH", "")])
    client = Client([sys.executable, "-m", "blamelint_lsp"], env)
    uri = "untitled:bench-postmortem.md"
    text = postmortem(args.words)
    try:
        msg_id = client.send(
            "initialize",
            {"processId": os.getpid(), "rootUri": None, "capabilities": {"workspace": {"configuration": True}}},
            request=True,
        )
        client.wait(lambda m: m.get("id") == msg_id)
        client.send("initialized", {})
        started = time.perf_counter()
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        cold = time.perf_counter() - started
        print(f"document: {len(text.split())} words, {len(text)} characters, {len(first['params']['diagnostics'])} diagnostics")
        print(f"first lint after didOpen (pipeline load included): {cold * 1000:.0f} ms")

        rng = random.Random(11)
        texts: list[str] = []
        for _ in range(args.edits):
            # one keystroke: type a letter at the end of a random word
            spaces = [i for i, c in enumerate(text) if c == " "]
            at = rng.choice(spaces)
            text = text[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[at:]
            texts.append(text)
        cpu_before = cpu_seconds(client.proc.pid)
        if args.pace is None:
            latencies, publishes = one_at_a_time(client, uri, texts), len(texts)
        else:
            latencies, publishes = typed(client, uri, texts, args.pace / 1000)
        cpu = (cpu_seconds(client.proc.pid) - cpu_before) / len(texts) * 1000
        memory = rss(client.proc.pid)
        print(
            f"didChange -> publishDiagnostics over {len(latencies)} edits: "
            f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
            f"max {max(latencies):.1f} ms (debounce {env.get('BLAMELINT_LSP_DEBOUNCE', '0')} s included)"
        )
        pace = "one at a time" if args.pace is None else f"typed every {args.pace:g} ms"
        print(f"edits {pace}: {publishes} publishes for {len(latencies)} versions; server CPU {cpu:.1f} ms per edit")
        print(f"server RSS: {memory.get('VmRSS')} (peak {memory.get('VmHWM')})")
        msg_id = client.send("shutdown", None, request=True)
        client.wait(lambda m: m.get("id") == msg_id)
        client.send("exit", None)
        print(f"server exit code: {client.proc.wait(timeout=30)}")
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()


def change(client: Client, uri: str, version: int, text: str) -> None:
    client.send(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )


def one_at_a_time(client: Client, uri: str, texts: list[str]) -> list[float]:
    """Send each edit after the publish of the previous one; the latency of each to its own publish."""
    latencies: list[float] = []
    for version, text in enumerate(texts, 2):
        sent = time.perf_counter()
        change(client, uri, version, text)
        client.wait(
            lambda m, v=version: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == v
        )
        latencies.append((time.perf_counter() - sent) * 1000)
    return latencies


def typed(client: Client, uri: str, texts: list[str], pace: float) -> tuple[list[float], int]:
    """Send an edit every ``pace`` seconds; each one's latency runs to the first publish of it or a newer version."""
    published: list[tuple[float, int]] = []
    last = len(texts) + 1

    def read() -> None:
        while True:
            message = client.read()
            if message.get("method") == "textDocument/publishDiagnostics":
                version = message["params"].get("version") or 0
                published.append((time.perf_counter(), version))
                if version >= last:
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    sent: list[float] = []
    start = time.perf_counter()
    for version, text in enumerate(texts, 2):
        delay = start + (version - 2) * pace - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent.append(time.perf_counter())
        change(client, uri, version, text)
    reader.join(timeout=120)
    if reader.is_alive():
        raise RuntimeError("no publish for the last version")
    latencies = []
    for version, at in enumerate(sent, 2):
        done = next(t for t, v in published if v >= version and t >= at)
        latencies.append((done - at) * 1000)
    return latencies, len(published)


if __name__ == "__main__":
    main()
