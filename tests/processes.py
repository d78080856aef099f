"""Waiting for other processes by what they say, never by asking again and again.

A child process reports through its output: a server that listens, a worker that stored a
batch. These helpers read that output as it comes and wake the test at the line it waits for,
with a generous timeout that only a hung process reaches.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from collections import defaultdict
from pathlib import Path

TIMEOUT = 240  # seconds: far beyond any healthy run, on a loaded two-core machine too


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Logs:
    """What the child processes write to stderr, line by line as it comes.

    A reader thread per process appends its lines and wakes whoever waits for one, so a test
    waits for an event (a line) rather than asking again and again.
    """

    def __init__(self):
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.open: set[str] = set()
        self.changed = threading.Condition()
        self.readers: list[threading.Thread] = []

    def follow(self, name: str, process: subprocess.Popen) -> None:
        """Read ``process``'s stderr until it closes."""
        self.open.add(name)
        reader = threading.Thread(target=self._read, args=(name, process.stderr), daemon=True)
        self.readers.append(reader)
        reader.start()

    def _read(self, name: str, stream) -> None:
        for line in stream:
            with self.changed:
                self.lines[name].append(line)
                self.changed.notify_all()
        with self.changed:
            self.open.discard(name)
            self.changed.notify_all()

    def text(self, name: str) -> str:
        """All ``name`` has written so far."""
        with self.changed:
            return "".join(self.lines[name])

    def wait_for(self, what: str, names: list[str], timeout: float = TIMEOUT) -> str:
        """The first of ``names`` to write a line containing ``what``; fails when all of them
        have ended without it, or after ``timeout`` seconds."""

        def said() -> str | None:
            return next((n for n in names if any(what in line for line in self.lines[n])), None)

        with self.changed:
            self.changed.wait_for(lambda: said() or not self.open & set(names), timeout)
            name = said()
        if name is None:
            logs = "\n".join(f"--- {n}\n{self.text(n)}" for n in names)
            raise AssertionError(f"none of {names} said {what!r} in time\n{logs}")
        return name


def stop(processes: list[subprocess.Popen], logs: Logs) -> None:
    """Terminate ``processes`` (killing any that do not end within 30 s) and close their logs."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for reader in logs.readers:
        reader.join(timeout=30)
    for process in processes:
        process.stderr.close()


def read_until(process: subprocess.Popen, stream, wanted: str, timeout: float = TIMEOUT):
    """The lines ``stream`` (the process's text output) gives up to the first containing
    ``wanted``, which is the last one; all of them when the stream closes first. A watchdog
    kills ``process`` after ``timeout`` seconds, which closes the stream."""
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    lines = []
    try:
        for line in stream:
            lines.append(line)
            if wanted in line:
                break
    finally:
        watchdog.cancel()
    return lines


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, made for one test (openssl), in ``folder``."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def start_process(
    logs: Logs, folder: Path, name: str, command: list[str], env: dict[str, str]
) -> subprocess.Popen:
    """Start ``command`` as a server or worker of the deployment: its own instance folder
    (``folder / name``, as servers share no disk), its stderr followed by ``logs``."""
    instance = folder / name
    instance.mkdir()
    process = subprocess.Popen(
        command, env={**env, "LETTERS_INSTANCE_PATH": str(instance)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    logs.follow(name, process)
    return process
