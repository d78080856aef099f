"""A reply comes back, for real: two app servers over HTTPS (gunicorn with a certificate made
for the test), a worker, PostgreSQL, Redis and a local SMTP server (aiosmtpd).

A writer queues a letter with replies through the organisation on one server; a volunteer's
batch prints its reply code and QR code; a volunteer photographs the filled reply sheet with a
phone and uploads it on the other server; the code is read from the QR code and matched; the
volunteer confirms; the notice reaches the SMTP server; the writer's private link shows the
reply on either server; after retention, nothing of the image is left in the database's files
or the servers' instance folders. Runs in the PostgreSQL pass of scripts/test.
"""

from __future__ import annotations

import email.policy
import http.cookiejar
import io
import os
import re
import ssl
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import uuid
import zipfile
from email import message_from_bytes

import pypdfium2
import pytest
from aiosmtpd.controller import Controller
from PIL import Image, ImageDraw
from sqlalchemy import select

from letters.auth.models import Role
from letters.batches.models import QueuedLetter
from letters.extensions import db
from letters.replies.inbox import page_bytes
from letters.replies.models import Reply, ReplyPage, ReplyState
from tests.conftest import PASSWORD, create_user, csrf_token
from tests.deployment.conftest import REDIS_URL, WHOLE_DEPLOYMENT
from tests.processes import Logs, free_port, self_signed_certificate, start_process, stop
from tests.replies.conftest import add_reply_address
from tests.security.leftovers import database_files
from tests.writing.conftest import letter_form

pytestmark = WHOLE_DEPLOYMENT


class Mailbox:
    """An aiosmtpd handler that wakes the test when a message arrives."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        self.arrived.set()
        return "250 OK"


class Browser:
    """Someone's browser on one server over HTTPS: cookies, no redirects followed by itself."""

    def __init__(self, base: str, context: ssl.SSLContext):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            urllib.request.HTTPSHandler(context=context),
        )

    def get(self, path: str) -> bytes:
        with self.opener.open(self._url(path), timeout=60) as response:
            return response.read()

    def page(self, path: str) -> str:
        return self.get(path).decode()

    def post(self, path: str, fields: dict, token_from: str, files=None) -> tuple[str, str]:
        """Post a form of ``token_from`` (multipart when ``files``); the final URL and page."""
        fields = {**fields, "csrf_token": csrf_token(self.page(token_from))}
        if files:
            data, content_type = _multipart(fields, files)
        else:
            data = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self._url(path), data=data, headers={"Content-Type": content_type,
                                                  "Referer": self._url(token_from)}
        )  # fmt: skip
        with self.opener.open(request, timeout=120) as response:
            return response.geturl(), response.read().decode()

    def _url(self, path: str) -> str:
        return path if path.startswith("https://") else self.base + path


def _multipart(fields: dict, files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with files."""
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        part = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        body.write(part.encode())
    for name, filename, data, media_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {media_type}\r\n\r\n'
        )
        body.write(head.encode() + data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def deployment(app, database_url, tmp_path):
    """Two HTTPS app servers and a worker on this test's PostgreSQL and Redis; a mailbox."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    cert, key = self_signed_certificate(tmp_path)
    env = {
        **os.environ,
        "LETTERS_DATABASE_URL": database_url,
        "LETTERS_REDIS_URL": REDIS_URL,
        "LETTERS_SECRET_KEY": "deployment-test",
        "LETTERS_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
        "LETTERS_MAIL_FROM": "replies@letters.example",
    }
    processes: dict[str, subprocess.Popen] = {}
    logs = Logs()
    instances = []

    def start(name: str, command: list[str]) -> None:
        processes[name] = start_process(logs, tmp_path, name, command, env)
        instances.append(tmp_path / name)

    ports = [free_port(), free_port()]
    for number, port in enumerate(ports, 1):
        start(f"server{number}", [sys.executable, "-m", "gunicorn", "--workers", "2",
                                  "--certfile", str(cert), "--keyfile", str(key),
                                  "--bind", f"127.0.0.1:{port}", "letters.wsgi:app"])  # fmt: skip
    start("worker", [sys.executable, "-m", "letters.cli", "worker"])
    context = ssl.create_default_context(cafile=str(cert))
    try:
        for number, port in enumerate(ports, 1):
            logs.wait_for(f"Listening at: https://127.0.0.1:{port}", [f"server{number}"], 120)
        yield {
            "bases": [f"https://127.0.0.1:{port}" for port in ports],
            "context": context,
            "mailbox": mailbox,
            "logs": logs,
            "env": env,
            "instances": instances,
        }
    finally:
        stop(list(processes.values()), logs)
        smtp.stop()
        for name in processes:
            assert "Traceback" not in logs.text(name), logs.text(name)


def phone_photo(sheet: Image.Image) -> bytes:
    """The reply sheet as a phone photographs it: filled in by hand, on a table, a little
    askew, a large JPEG with the phone's EXIF (GPS included)."""
    drawn = sheet.convert("RGB")
    pen = ImageDraw.Draw(drawn)
    for line in range(12):  # the prisoner's handwriting below the code
        y = drawn.height // 2 + line * 40
        pen.line([(120, y), (drawn.width - 140, y + 6)], fill=(20, 30, 120), width=3)
    table = Image.new("RGB", (3000, 4000), (150, 120, 90))
    table.paste(drawn.rotate(4, expand=True, fillcolor=(150, 120, 90)), (300, 400))
    grain = Image.effect_noise(table.size, 48).convert("RGB")  # a sensor's noise
    table = Image.blend(table, grain, 0.12)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPS
    out = io.BytesIO()
    table.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_a_reply_comes_back_through_the_organisation(app, directory, deployment):
    one, two = deployment["bases"]
    context, mailbox, logs = deployment["context"], deployment["mailbox"], deployment["logs"]
    add_reply_address(app)
    create_user(app, "vera@example.org", Role.VOLUNTEER)

    # The writer, on the first server, asks for replies through the organisation.
    writer = Browser(one, context)
    write = "/prisoners/1/write"
    _, status_page = writer.post(
        write,
        letter_form(
            action="queue", replies="organisation", notify_email="anna@example.org", reply_kit="y"
        ),
        write,
    )
    link = re.search(r'id="reply-link-url"[^>]*value="([^"]+)"', status_page).group(1)
    assert link.startswith(one + "/letters/reply?t=")
    with app.app_context():
        code = db.session.scalars(select(QueuedLetter.reply_code)).one()

    # A volunteer, on the second server, makes a batch; the worker renders it.
    volunteer = Browser(two, context)
    volunteer.post("/login", {"email": "vera@example.org", "password": PASSWORD}, "/login")
    batch_url, _ = volunteer.post(
        "/volunteer/batches", {"which": "all", "envelope_format": "C6"}, "/volunteer/batches"
    )
    batch = batch_url.rsplit("/", 1)[1]
    logs.wait_for(f"batch {batch}: stored", ["worker"])
    files = zipfile.ZipFile(io.BytesIO(_download(volunteer, batch)))
    letters_pdf = pypdfium2.PdfDocument(files.read("letters.pdf"))
    sheets = [
        page for page in letters_pdf if "Лист для ответа" in page.get_textpage().get_text_range()
    ]
    assert len(sheets) == 1 and code in sheets[0].get_textpage().get_text_range()
    photo = phone_photo(sheets[0].render(scale=200 / 72).to_pil())
    assert len(photo) > 2_000_000  # megabytes, as phones take them

    # The same volunteer's colleague uploads the photo on the first server.
    colleague = Browser(one, context)
    colleague.post("/login", {"email": "vera@example.org", "password": PASSWORD}, "/login")
    desk = "/volunteer/replies/"
    once = re.search(r'name="once"[^>]*value="([^"]+)"', colleague.page(desk)).group(1)
    reply_url, match = colleague.post(
        desk,
        {"code": "", "once": once},
        desk,
        files=[("files", "IMG_2041.jpg", photo, "image/jpeg")],
    )
    assert "Миронов" in match and "/pages/1" in match, match  # the match, with its page
    with app.app_context():
        reply = db.session.scalars(select(Reply)).one()
        assert (reply.state, reply.letter.reply_code) == (ReplyState.TO_CONFIRM, code)
    reply_path = urllib.parse.urlsplit(reply_url).path
    colleague.post(reply_path + "/confirm", {}, reply_path)

    # The notice: a link, no name, no words of the reply.
    assert mailbox.arrived.wait(120)
    [(recipients, message)] = mailbox.messages
    assert recipients == ["anna@example.org"]
    body = message.get_content()
    assert link.replace(one, "") in body and "Миронов" not in body and "Mironov" not in body

    # The writer opens the private link on the second server and sees the reply's page.
    reader = Browser(two, context)
    reply_page = reader.page(link.replace(one, two))
    images = re.findall(r'<img[^>]+src="([^"]+)"', reply_page)
    assert images, reply_page
    shown = reader.get(images[0].replace("&amp;", "&"))
    with Image.open(io.BytesIO(shown)) as image:
        assert image.format in {"JPEG", "PNG"}
        assert not image.getexif().get_ifd(0x8825) and 0x010F not in image.getexif()
    with app.app_context():
        page = db.session.scalars(select(ReplyPage)).one()
        stored = page_bytes(db.engine, page.id)
    assert shown == stored

    # Retention: the purge forgets the opened reply; nothing of its image is left anywhere.
    marker = stored[len(stored) // 2 : len(stored) // 2 + 48]
    subprocess.run(
        [sys.executable, "-m", "letters.cli", "purge"],
        env={**deployment["env"], "LETTERS_REPLY_RETENTION_DAYS": "0",
             "LETTERS_INSTANCE_PATH": str(deployment["instances"][0])},
        check=True, capture_output=True,
    )  # fmt: skip
    with app.app_context():
        assert db.session.scalars(select(Reply.state)).one() == ReplyState.FORGOTTEN
        files_of_database = database_files(db.engine)
    if files_of_database is not None:  # None: a server whose files we cannot read
        assert not [path for path in files_of_database if marker in path.read_bytes()]
    for instance in deployment["instances"]:
        assert not [path for path in instance.rglob("*") if path.is_file()
                    and marker in path.read_bytes()]  # fmt: skip
    gone = reader.page(link.replace(one, two))
    assert "/pages/1" not in gone


def _download(volunteer: Browser, batch: str) -> bytes:
    path = f"/volunteer/batches/{batch}"
    request_fields = {"csrf_token": csrf_token(volunteer.page(path))}
    data = urllib.parse.urlencode(request_fields).encode()
    request = urllib.request.Request(volunteer.base + path + "/download", data=data,
                                     headers={"Referer": volunteer.base + path})  # fmt: skip
    with volunteer.opener.open(request, timeout=120) as response:
        return response.read()
