"""Mail (letters.mail), sent to a real SMTP server on this machine: set-password links go by
e-mail when ``LETTERS_SMTP_URL`` is set, and are shown to pass on when it is not or the server
refuses them."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from letters import create_app
from letters.auth.models import Role
from letters.config import ConfigurationError
from letters.mail import MailError, send_mail
from tests.conftest import AuthActions, create_user


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield inbox
    controller.stop()


def test_send_mail_hands_the_message_to_the_server(make_app, smtp_server):
    app = make_app(SMTP_URL=smtp_server.url, MAIL_FROM="letters@example.org")
    with app.app_context():
        send_mail("vera@example.org", "Тема", "Здравствуйте!\nСтрока два.")
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["vera@example.org"]
    assert message["From"] == "letters@example.org" and message["Subject"] == "Тема"
    assert message.get_content().splitlines() == ["Здравствуйте!", "Строка два."]


def test_a_server_that_is_not_there_is_a_mail_error(make_app):
    app = make_app(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_FROM="letters@example.org")
    with app.app_context(), pytest.raises(MailError):
        send_mail("vera@example.org", "Subject", "Body")


def coordinator_desk(app):
    create_user(app, "coordinator@example.org", Role.COORDINATOR)
    client = app.test_client()
    AuthActions(client).login("coordinator@example.org")
    return client


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_new_accounts_link_is_mailed_when_mail_is_configured(make_app, smtp_server, language):
    app = make_app(
        WTF_CSRF_ENABLED=False, SMTP_URL=smtp_server.url, MAIL_FROM="letters@example.org"
    )
    desk = coordinator_desk(app)
    page = desk.post(
        "/coordinate/accounts/",
        data={"email": "nina@example.org", "role": "volunteer"},
        headers={"Accept-Language": language},
    )
    expected = {"en": "The link was sent to nina@example.org.", "ru": "Ссылка отправлена на"}
    assert expected[language] in page.text
    assert "set-password-url" not in page.text  # mailed, not shown
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["nina@example.org"]
    body = message.get_content()
    # Russian and English, since the app does not know the reader's language.
    assert message["Subject"] == "Выберите пароль для letters / Choose your password for letters"
    assert "Координатор сделал для вас ссылку" in body and "A coordinator made a link" in body
    url = re.search(r"http://\S+/account/set-password\?token=\S+", body)[0]
    newcomer = app.test_client()
    assert newcomer.get(url).status_code == 200


def test_a_refused_mail_leaves_the_link_on_the_page(make_app):
    app = make_app(
        WTF_CSRF_ENABLED=False,
        SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
        MAIL_FROM="letters@example.org",
    )
    desk = coordinator_desk(app)
    page = desk.post(
        "/coordinate/accounts/",
        data={"email": "nina@example.org", "role": "volunteer"},
        headers={"Accept-Language": "en"},
    )
    assert "The e-mail could not be sent" in page.text
    assert 'id="set-password-url"' in page.text


def test_without_mail_the_link_is_shown_to_pass_on(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    page = coordinator_desk(app).post(
        "/coordinate/accounts/",
        data={"email": "nina@example.org", "role": "volunteer"},
        headers={"Accept-Language": "ru"},
    )
    assert "Передайте эту ссылку" in page.text and 'id="set-password-url"' in page.text


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"SMTP_URL": "http://mail.example.org", "MAIL_FROM": "a@example.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://", "MAIL_FROM": "a@example.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://mail.example.org:25x", "MAIL_FROM": "a@example.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://mail.example.org:70000", "MAIL_FROM": "a@example.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtps://mail.example.org"}, "MAIL_FROM"),
    ],
)
def test_unusable_mail_settings_stop_the_start_in_one_line(tmp_path, settings, named):
    base = {"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://"}
    with pytest.raises(ConfigurationError, match=f"LETTERS_{named}"):
        create_app({**base, **settings})
