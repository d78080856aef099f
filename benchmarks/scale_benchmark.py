"""Several servers under load: 20 writers while two volunteers generate 500-letter batches.

    .venv/bin/python benchmarks/scale_benchmark.py [--writers 20] [--letters 500]
        [--database-url postgresql+psycopg://user@host:port/db --redis-url redis://host:port/0]

Always measures the embedded default (SQLite, the SQLite job queue, one gunicorn with 2
workers and one ``letters worker``, as ``scripts/serve`` runs it). With ``--database-url``
(an empty PostgreSQL database) and ``--redis-url``, also the deployment: two gunicorn servers
(2 workers each, their own instance folders) and two ``letters worker``s on PostgreSQL and
Redis. In each, ``--writers`` simulated writers (pages, live check, letter and envelope PDFs,
queueing the letter; see ``load_benchmark.py``, here with think time 0.5–2 s) share the
servers while two volunteers, each on another server, claim ``--letters`` letters and wait
for their batch. Prints p95 of pages, check, PDF and queueing, the time from claiming to a
ready batch, and the size and download time of the stored zip. All traffic stays here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path tweak, so that a checkout works uninstalled.
from benchmarks.load_benchmark import LETTER, Writer, free_port, p95  # noqa: E402

PASSWORD = "bench volunteer password"
TEXT = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани и работаю в библиотеке. "
    "У нас выпал первый снег, и я вспомнила о Вас. Что Вы сейчас читаете? "
) * 6


class QueueingWriter(Writer):
    """A writer who, after checking and printing, also queues the letter for volunteers."""

    def run(self) -> None:
        while time.monotonic() < self.until:
            page = self.timed("page", "/prisoners/1/write", headers={"Accept-Language": "ru"})
            token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
            body = json.dumps({"text": LETTER}).encode()
            self.timed("check", "/api/v1/check", body, {"Content-Type": "application/json"})
            if not token:
                self.errors.append("no CSRF token on the letter form")
                continue
            fields = {"csrf_token": token.group(1).decode(), "text": LETTER,
                      "envelope_format": "C6", "paper": "A4"}  # fmt: skip
            form = urllib.parse.urlencode(fields).encode()
            self.timed("letter pdf", "/prisoners/1/write/letter.pdf", form)
            self.timed("envelope pdf", "/prisoners/1/write/envelope.pdf", form)
            queue = urllib.parse.urlencode({**fields, "action": "queue"}).encode()
            self.timed("queue", "/prisoners/1/write", queue)


class Volunteer(threading.Thread):
    """Logs in, claims the oldest ``letters`` letters, waits for the batch, downloads it."""

    def __init__(self, base: str, email: str, letters: int, results: dict, errors: list):
        super().__init__(daemon=True)
        self.writer = Writer(base, 0, defaultdict(list), errors, 0)  # its cookies and timing
        self.email, self.letters, self.results, self.errors = email, letters, results, errors

    def token(self, path: str) -> str:
        page = self.writer.timed("page", path)
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()

    def post(self, path: str, fields: dict, token_from: str) -> bytes:
        data = urllib.parse.urlencode({**fields, "csrf_token": self.token(token_from)}).encode()
        return self.writer.timed("post", path, data)

    def run(self) -> None:
        self.post("/login", {"email": self.email, "password": PASSWORD}, "/login")
        started = time.perf_counter()
        request = urllib.request.Request(
            self.writer.base + "/volunteer/batches",
            data=urllib.parse.urlencode({
                "csrf_token": self.token("/volunteer/"), "which": "all",
                "oldest": self.letters, "envelope_format": "C6", "start_label": 1,
            }).encode(),
        )  # fmt: skip
        with self.writer.opener.open(request, timeout=60) as response:
            batch_id = int(response.geturl().rstrip("/").rsplit("/", 1)[1])
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            progress = json.loads(
                self.writer.timed("poll", f"/volunteer/batches/{batch_id}/progress")
            )
            if progress["ready"]:
                break
            time.sleep(0.5)  # a volunteer's page polls about this often
        else:
            self.errors.append(f"batch {batch_id} never became ready")
            return
        ready = time.perf_counter() - started
        downloaded = time.perf_counter()
        data = self.post(f"/volunteer/batches/{batch_id}/download", {},
                         f"/volunteer/batches/{batch_id}")  # fmt: skip
        self.results[self.email] = {
            "ready_s": ready, "zip_mb": len(data) / 1e6,
            "download_s": time.perf_counter() - downloaded, "letters": progress["total"],
        }  # fmt: skip


def prepare(env: dict, volunteers: int, letters: int) -> None:
    """Migrate, load the sample directory, add volunteers and queue their letters."""
    subprocess.run([sys.executable, "-m", "letters.cli", "db", "upgrade"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "letters.cli", "directory", "load-sample"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    code = f"""
import os
from sqlalchemy import insert
from letters import create_app
from letters.auth.models import Role, User
from letters.batches.models import LetterStatus, QueuedLetter, new_reference
from letters.directory.models import Prisoner
from letters.extensions import db
app = create_app()
with app.app_context():
    for number in range({volunteers}):
        user = User(email=f"volunteer{{number}}@example.org", role=Role.VOLUNTEER)
        user.set_password({PASSWORD!r})
        db.session.add(user)
    prisoner = db.session.query(Prisoner).filter_by(surname="Миронов").one()
    db.session.execute(insert(QueuedLetter), [
        {{"reference": new_reference(), "prisoner_id": prisoner.id, "text": {TEXT!r},
          "signature": "Анна", "status": LetterStatus.QUEUED,
          "queued_facility_id": prisoner.facility_id}}
        for _ in range({volunteers * letters})])
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def wait_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def run(name: str, env: dict, servers: int, workers: int, args) -> None:
    workdir = Path(env["LETTERS_INSTANCE_PATH"])
    prepare(env, 2, args.letters)
    processes = []
    ports = []
    try:
        for number in range(servers):
            port = free_port()
            instance = workdir / f"server{number}" if servers > 1 else workdir
            instance.mkdir(exist_ok=True)
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
                 f"127.0.0.1:{port}", "--log-level", "warning", "letters.wsgi:app"],
                env={**env, "LETTERS_INSTANCE_PATH": str(instance)},
            ))  # fmt: skip
            ports.append(port)
        for _ in range(workers):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "letters.cli", "worker"], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
        for port in ports:
            wait_up(port)
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        results: dict[str, dict] = {}
        until = time.monotonic() + 3600  # stopped when the volunteers are done
        writers = [QueueingWriter(bases[i % len(bases)], until, timings, errors, 2.0)
                   for i in range(args.writers)]  # fmt: skip
        volunteers = [Volunteer(bases[i % len(bases)], f"volunteer{i}@example.org",
                                args.letters, results, errors) for i in range(2)]  # fmt: skip
        for thread in [*writers, *volunteers]:
            thread.start()
        for volunteer in volunteers:
            volunteer.join()
        for writer in writers:
            writer.until = 0
        for writer in writers:
            writer.join(timeout=120)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
    print(f"\n== {name}: {servers} app server(s) × 2 gunicorn workers, {workers} job worker(s), "
          f"{args.writers} writers, 2 volunteers × {args.letters} letters")  # fmt: skip
    print(f"{'request':14} {'count':>6} {'p95 ms':>8}")
    for kind in ("page", "check", "letter pdf", "envelope pdf", "queue"):
        if timings[kind]:
            print(f"{kind:14} {len(timings[kind]):6d} {p95(timings[kind]):8.1f}")
    for email, result in sorted(results.items()):
        download_ms = result["download_s"] * 1000
        print(f"{email}: {result['letters']} letters ready in {result['ready_s']:.1f} s; "
              f"zip {result['zip_mb']:.1f} MB downloaded in {download_ms:.0f} ms")  # fmt: skip
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print("  ", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--database-url", help="an empty PostgreSQL database")
    parser.add_argument("--redis-url")
    args = parser.parse_args()
    base = {**os.environ, "LETTERS_SECRET_KEY": "bench"}
    for key in ("LETTERS_DATABASE_URL", "LETTERS_REDIS_URL", "LETTERS_INSTANCE_PATH"):
        base.pop(key, None)
    print(f"scale benchmark, {date.today()}")
    embedded = tempfile.mkdtemp(prefix="letters-scale-")
    run("embedded default", {**base, "LETTERS_INSTANCE_PATH": embedded}, 1, 1, args)
    if args.database_url and args.redis_url:
        deployment = {**base, "LETTERS_INSTANCE_PATH": tempfile.mkdtemp(prefix="letters-scale-"),
                      "LETTERS_DATABASE_URL": args.database_url,
                      "LETTERS_REDIS_URL": args.redis_url}  # fmt: skip
        run("deployment", deployment, 2, 2, args)


if __name__ == "__main__":
    main()
