"""The meeting dropbox over real SMTP: e-mails sent with smtplib to the receiver become drafts.

The receiver runs in the test (aiosmtpd in a thread, as `manage.py receive_mail` runs it) or as the
command itself in a subprocess; both write through their own database connection, so the tests
use the committed (transactional) database.
"""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import OperationalError

from engagement.models import Contact
from meetings.management.commands import receive_mail
from meetings.management.commands.receive_mail import DropboxHandler
from meetings.models import DraftAttachment, MeetingDraft
from meetings.services import meeting_draft_receive
from tests.factories import OrganizationFactory, StaffFactory, state
from tests.fixtures.services import BASE_DIR, database_url_of_tests, free_port, wait_until

DROPBOX = "meetings@tracker.localhost"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

FORWARDED = """Please log this one.

---------- Forwarded message ---------
From: Jane Doe <jane@health.go.ke>
Date: Thu, Feb 27, 2025 at 4:12 PM
Subject: Bilateral with Kenya
To: Alice <alice@example.org>, Bob Rata <bob@mfa.gov.fj>, Dana <dana@unicef.org>

Thank you for the meeting on the costed national action plan.
"""


def meeting_mail(
    *,
    sender: str = "Alice <alice@example.org>",
    message_id: str = "<bilateral-kenya@mail.example.org>",
    body: str = FORWARDED,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = DROPBOX
    message["Subject"] = "Fwd: Bilateral with Kenya"
    message["Date"] = "Mon, 03 Mar 2025 10:00:00 +0000"
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def send(port: int, message: EmailMessage, *, to: str = DROPBOX, sender: str = "alice@example.org") -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(message, from_addr=sender, to_addrs=[to])


@pytest.fixture
def people(transactional_db, reference_data, settings, tmp_path):
    """Alice (staff) sends; Kenya and Fiji are known by contacts, UNICEF by its website."""
    settings.MEETING_DROPBOX_ADDRESS = DROPBOX
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Contact.objects.create(name="Jane Doe", member_state=state("KEN"), email="jane@health.go.ke")
    Contact.objects.create(name="Fiji desk", member_state=state("FJI"), email="desk@mfa.gov.fj")
    return {
        "alice": StaffFactory(username="alice", email="Alice@Example.org"),
        "unicef": OrganizationFactory(name="UNICEF", website="https://www.unicef.org/"),
        "media": tmp_path / "media",
    }


@pytest.fixture
def receiver(people) -> Iterator[int]:
    """The dropbox's SMTP server on a free port, as the command builds it; yields the port."""
    handler = DropboxHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=2_000_000)
    controller.start()
    yield port
    controller.stop()
    handler.close()


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_forwarded_email_becomes_its_senders_draft_with_states_matched(receiver, people):
    send(receiver, meeting_mail())
    draft = MeetingDraft.objects.get()
    assert draft.sender == people["alice"]
    assert draft.message_id == "bilateral-kenya@mail.example.org"
    assert draft.title == "Bilateral with Kenya"
    assert draft.date.isoformat() == "2025-02-27"
    assert "costed national action plan" in draft.summary
    assert sorted(draft.member_states.values_list("iso3", flat=True)) == ["FJI", "KEN"]
    assert list(draft.organizations.all()) == [people["unicef"]]
    # The office (the sender) and the dropbox are not participants.
    assert draft.participants.splitlines() == [
        "Jane Doe <jane@health.go.ke>",
        "Bob Rata <bob@mfa.gov.fj>",
        "Dana <dana@unicef.org>",
    ]
    assert draft.is_waiting


def test_the_same_message_again_makes_no_second_draft(receiver, people):
    send(receiver, meeting_mail())
    # The second copy is accepted like any other (250): the sender's server does not send it again.
    send(receiver, meeting_mail(body="A second copy, relayed differently."))
    assert MeetingDraft.objects.count() == 1
    assert "costed national action plan" in MeetingDraft.objects.get().summary


def test_a_discarded_or_confirmed_draft_still_keeps_its_message_out(people, settings):
    raw = meeting_mail().as_bytes()
    draft = meeting_draft_receive(raw=raw, envelope_from="alice@example.org", recipients=[DROPBOX])
    MeetingDraft.objects.filter(pk=draft.pk).update(discarded_at=draft.received_at)
    assert meeting_draft_receive(raw=raw, envelope_from="alice@example.org", recipients=[DROPBOX]) is None
    assert MeetingDraft.objects.count() == 1


def test_an_unknown_sender_makes_no_draft_and_leaves_nothing(receiver, people):
    message = meeting_mail(sender="Mallory <mallory@example.net>", message_id="<m@example.net>")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="agenda.pdf")
    # Accepted like a known sender's, so the answer does not tell who is known.
    send(receiver, message, sender="mallory@example.net")
    assert not MeetingDraft.objects.exists()
    assert not DraftAttachment.objects.exists()
    assert stored_files(people["media"]) == []


def test_a_viewer_or_an_inactive_staff_member_is_an_unknown_sender(receiver, people):
    StaffFactory(username="former", email="former@example.org", is_active=False)
    send(receiver, meeting_mail(sender="victor@example.org", message_id="<v@example.org>"))
    send(receiver, meeting_mail(sender="former@example.org", message_id="<f@example.org>"))
    assert not MeetingDraft.objects.exists()


def test_a_recipient_other_than_the_dropbox_is_refused(receiver, people):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(receiver, meeting_mail(), to="someone-else@tracker.localhost")
    assert refused.value.recipients["someone-else@tracker.localhost"][0] == 550
    assert not MeetingDraft.objects.exists()


def test_an_attachment_is_kept_from_its_content_and_a_program_is_not(receiver, people, web):
    message = meeting_mail()
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="Agenda (final).pdf")
    message.add_attachment(
        b"MZ\x90\x00" + bytes(200), maintype="application", subtype="pdf", filename="x.pdf"
    )
    send(receiver, message)
    draft = MeetingDraft.objects.get()
    attachment = draft.attachments.get()
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "Agenda (final).pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.file.name.startswith("meeting-mail/")
    assert attachment.file.name.endswith(".pdf")
    assert [name for name, _reason in draft.attachments_not_kept] == ["x.pdf"]
    response = web(people["alice"]).get(f"/meetings/drafts/{draft.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_database_failure_defers_the_message_for_a_retry(receiver, people, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(receive_mail, "meeting_draft_receive", unavailable)
    with pytest.raises(smtplib.SMTPDataError) as deferred:
        send(receiver, meeting_mail())
    assert deferred.value.smtp_code == 451
    monkeypatch.undo()
    # The sending server's retry then makes the draft.
    send(receiver, meeting_mail())
    assert MeetingDraft.objects.count() == 1


def test_a_message_over_the_size_limit_is_refused(receiver, people):
    message = meeting_mail()
    message.add_attachment(PDF + bytes(2_000_000), maintype="application", subtype="pdf", filename="big.pdf")
    with pytest.raises(smtplib.SMTPException):
        send(receiver, message)
    assert not MeetingDraft.objects.exists()


def test_the_command_receives_mail_until_sigterm_then_stops_cleanly(people, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_of_tests(),
        "MEDIA_ROOT": str(people["media"]),
        "MEETING_DROPBOX_ADDRESS": DROPBOX,
        "LOG_LEVEL": "INFO",
    }
    out, err = tmp_path / "out.log", tmp_path / "err.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603  (our own interpreter and manage.py, fixed arguments)
            [sys.executable, "manage.py", "receive_mail", "--host", "127.0.0.1", "--port", str(port)],
            cwd=BASE_DIR,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        wait_until(
            lambda: b"Receiving meeting e-mail" in out.read_bytes() or process.poll() is not None, timeout=60
        )
        assert process.poll() is None, err.read_text()
        send(port, meeting_mail())
        assert MeetingDraft.objects.get().sender == people["alice"]
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            send(port, meeting_mail(), to="postmaster@tracker.localhost")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Stopped." in out.read_text()
    logs = err.read_text()
    assert "bilateral-kenya@mail.example.org: draft" in logs
    assert "is not the dropbox" in logs
    assert "stopped" in logs
    with pytest.raises(ConnectionRefusedError):
        send(port, meeting_mail())


def test_the_command_refuses_a_port_out_of_range():
    result = subprocess.run(
        [sys.executable, "manage.py", "receive_mail", "--port", "70000"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "--port must be between 1 and 65535" in result.stderr
