"""20 writers at once against gunicorn with 2 workers: pages, live checks and PDFs.

    .venv/bin/python benchmarks/load_benchmark.py [--users 20] [--seconds 30] [--think 2]

Starts gunicorn on 127.0.0.1 with a throw-away SQLite database holding the sample directory,
then runs ``--users`` simulated writers for ``--seconds``: each opens pages (home, search,
prisoner, letter form), checks its letter as the page does while typing, and downloads the
letter and envelope PDFs, pausing between actions as a person does (up to ``--think``
seconds, like Locust's ``wait_time = between(0.5, 2)``; ``--think 0`` makes it a saturation
test). Targets (p95): pages ≤ 100 ms, check ≤ 50 ms, letter with its envelope ≤ 150 ms, and
no errors. All traffic stays on this machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

LETTER = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани и работаю в библиотеке. "
    "У нас выпал первый снег, и я вспомнила о Вас. Что Вы сейчас читаете? "
    "Напишите, если захотите, какие книги Вам прислать."
)
PAGES = ["/", "/prisoners?q=Mironov", "/prisoners/1", "/prisoners/1/write"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workdir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(workdir), "LETTERS_SECRET_KEY": "bench",
           # Every simulated writer comes from 127.0.0.1: one client to the rate limiter.
           "LETTERS_API_RATE_LIMIT": "100000 per minute"}  # fmt: skip
    letters = [sys.executable, "-m", "letters.cli"]
    subprocess.run([*letters, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*letters, "directory", "load-sample"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "letters.wsgi:app"],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


class Writer(threading.Thread):
    """One simulated writer, with its own cookies (session and CSRF token)."""

    def __init__(self, base: str, until: float, timings: dict, errors: list, think: float):
        super().__init__(daemon=True)
        self.base, self.until, self.timings, self.errors = base, until, timings, errors
        self.think = think
        self.random = random.Random()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def pause(self) -> None:
        if self.think:
            time.sleep(self.random.uniform(self.think / 4, self.think))

    def timed(self, kind: str, path: str, data: bytes | None = None, headers=None) -> bytes:
        self.pause()
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read()
        except Exception as error:
            self.errors.append(f"{path}: {error}")
            return b""
        self.timings[kind].append((time.perf_counter() - started) * 1000)
        return body

    def run(self) -> None:
        while time.monotonic() < self.until:
            page = b""
            for path in PAGES:
                page = self.timed("page", path, headers={"Accept-Language": "ru"})
            token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
            for cut in (60, 120, len(LETTER)):  # the live check fires as the writer types
                body = json.dumps({"text": LETTER[:cut]}).encode()
                self.timed("check", "/api/v1/check", body, {"Content-Type": "application/json"})
            if not token:
                self.errors.append("no CSRF token on the letter form")
                continue
            form = urllib.parse.urlencode(
                {"csrf_token": token.group(1).decode(), "text": LETTER, "envelope_format": "C6",
                 "paper": "A4"}
            ).encode()  # fmt: skip
            letter = self.timed("letter pdf", "/prisoners/1/write/letter.pdf", form)
            envelope = self.timed("envelope pdf", "/prisoners/1/write/envelope.pdf", form)
            if letter and envelope:
                self.timings["letter with envelope"].append(
                    self.timings["letter pdf"][-1] + self.timings["envelope pdf"][-1]
                )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="longest pause, seconds")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="letters-load-"))
    port = free_port()
    server = start_server(workdir, port)
    try:
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        until = time.monotonic() + args.seconds
        base = f"http://127.0.0.1:{port}"
        writers = [Writer(base, until, timings, errors, args.think) for _ in range(args.users)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=args.seconds + 60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    targets = {"page": 100, "check": 50, "letter with envelope": 150}
    print(
        f"{args.users} users for {args.seconds:.0f} s against gunicorn, 2 workers, "
        f"think time {args.think / 4:.1f}–{args.think:.1f} s"
    )
    print(f"{'request':22} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}")
    for kind, values in timings.items():
        target = f"≤ {targets[kind]}" if kind in targets else ""
        median = statistics.median(values)
        print(f"{kind:22} {len(values):6d} {median:8.1f} {p95(values):8.1f} {target:>8}")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print("  ", error)


if __name__ == "__main__":
    main()
