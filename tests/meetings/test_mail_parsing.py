"""Reading a meeting e-mail (meetings/mail.py): title, date, summary, participants, Message-ID; matching."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from engagement.models import Contact
from engagement.validators import SUMMARY_MAX_LENGTH
from meetings.mail import (
    UnreadableMail,
    forwarded_blocks,
    meeting_mail_parse,
    participants_match,
    written_date,
)
from tests.factories import OrganizationFactory, state


def mail(
    body: str = "We met the minister.",
    *,
    subject: str = "Bilateral with Kenya",
    sender: str = "Alice Officer <alice@example.org>",
    to: str = "Jane Doe <jane@health.go.ke>",
    cc: str | None = None,
    date: str | None = "Mon, 03 Mar 2025 10:00:00 +0000",
    message_id: str | None = "<abc123@mail.example.org>",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    if date:
        message["Date"] = date
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


GMAIL_FORWARD = """Logged for the tracker.

---------- Forwarded message ---------
From: Jane Doe <jane@health.go.ke>
Date: Thu, Feb 27, 2025 at 4:12 PM
Subject: Bilateral with Kenya
To: Alice Officer <alice@example.org>, Bob Rata <bob@mfa.gov.fj>,
 carl@example.net
Cc: Dana <dana@unicef.org>

Dear Alice, thank you for the meeting on the national action plan.
"""

OUTLOOK_FORWARD = """FYI

________________________________
From: Jane Doe [mailto:jane@health.go.ke]
Sent: Wednesday, February 26, 2025 9:30 AM
To: Alice Officer <alice@example.org>
Cc: 'Bob Rata' <bob@mfa.gov.fj>
Subject: RE: Bilateral with Kenya

Thank you.
"""


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Fwd: Bilateral with Kenya", "Bilateral with Kenya"),
        ("FW: RE: Bilateral with Kenya", "Bilateral with Kenya"),
        ("TR: Réunion avec le Sénégal", "Réunion avec le Sénégal"),
        ("RV: Reunión con Colombia", "Reunión con Colombia"),
        ("WG: AW: Treffen mit Island", "Treffen mit Island"),
        ("Fwd[2]:  fwd:Roundtable   on investment", "Roundtable on investment"),
        ("Forward planning with Fiji", "Forward planning with Fiji"),
        ("Retreat: what we agreed", "Retreat: what we agreed"),
        ("", ""),
    ],
)
def test_the_title_is_the_subject_without_its_forward_and_reply_prefixes(subject, title):
    assert meeting_mail_parse(mail(subject=subject).as_bytes()).title == title


def test_a_long_subject_is_cut_to_a_meetings_title_length():
    title = meeting_mail_parse(mail(subject="Fwd: " + "long " * 100).as_bytes()).title
    assert len(title) == 300
    assert title.endswith("…")


def test_the_sender_is_the_forwarder_and_the_forwarded_block_dates_and_names_the_participants():
    parsed = meeting_mail_parse(mail(GMAIL_FORWARD, subject="Fwd: Bilateral with Kenya").as_bytes())
    assert parsed.sender == "alice@example.org"
    assert parsed.date == dt.date(2025, 2, 27)
    addresses = [address for _name, address in parsed.participants]
    assert addresses == [
        "alice@example.org",
        "jane@health.go.ke",
        "bob@mfa.gov.fj",
        "carl@example.net",
        "dana@unicef.org",
    ]
    assert ("Jane Doe", "jane@health.go.ke") in parsed.participants
    assert "national action plan" in parsed.summary


def test_an_outlook_forward_is_read_from_its_sent_line_and_mailto_sender():
    parsed = meeting_mail_parse(mail(OUTLOOK_FORWARD, subject="FW: RE: Bilateral with Kenya").as_bytes())
    assert parsed.date == dt.date(2025, 2, 26)
    assert {"jane@health.go.ke", "bob@mfa.gov.fj"} <= {address for _name, address in parsed.participants}


def test_a_reply_quoting_older_mail_is_dated_by_its_own_date_header():
    body = OUTLOOK_FORWARD.replace("________________________________\n", "")
    parsed = meeting_mail_parse(mail(body, subject="RE: Bilateral with Kenya").as_bytes())
    assert parsed.date == dt.date(2025, 3, 3)
    # The quoted e-mail's people still took part in the thread.
    assert "bob@mfa.gov.fj" in {address for _name, address in parsed.participants}


def test_an_email_forwarded_as_an_attachment_is_read_from_the_attached_email():
    inner = mail(
        "Minutes of the roundtable attached.",
        subject="Roundtable on the investment case",
        sender="Bob Rata <bob@mfa.gov.fj>",
        to="alice@example.org",
        cc="dana@unicef.org",
        date="Tue, 11 Mar 2025 08:00:00 +1200",
        message_id="<inner@mfa.gov.fj>",
    )
    outer = mail("", subject="FW: Roundtable on the investment case", to="meetings@tracker.localhost")
    outer.add_attachment(inner)
    parsed = meeting_mail_parse(outer.as_bytes())
    assert parsed.message_id == "abc123@mail.example.org"
    assert parsed.summary == "Minutes of the roundtable attached."
    # 08:00 in Fiji on 11 March is 10 March, 20:00 UTC, the site's time zone.
    assert parsed.date == dt.date(2025, 3, 10)
    assert {"bob@mfa.gov.fj", "dana@unicef.org"} <= {address for _name, address in parsed.participants}


def test_the_date_header_is_read_in_the_sites_time_zone(settings):
    raw = mail(date="Mon, 03 Mar 2025 23:30:00 -0500").as_bytes()
    assert meeting_mail_parse(raw).date == dt.date(2025, 3, 4)
    settings.TIME_ZONE = "America/New_York"
    assert meeting_mail_parse(raw).date == dt.date(2025, 3, 3)


@pytest.mark.parametrize("date", [None, "not a date", "Mon, 03 Mar 1901 10:00:00 +0000"])
def test_a_missing_unreadable_or_unrecordable_date_leaves_the_day_to_the_receiver(date):
    assert meeting_mail_parse(mail(date=date).as_bytes()).date is None


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Thu, Feb 27, 2025 at 4:12 PM", dt.date(2025, 2, 27)),
        ("27 February 2025 at 16:12:00 CET", dt.date(2025, 2, 27)),
        ("Thu, 27 Feb 2025 16:12:00 +0100", dt.date(2025, 2, 27)),
        ("jeudi 27 février 2025 16:12", dt.date(2025, 2, 27)),
        ("jueves, 27 de febrero de 2025 16:12", dt.date(2025, 2, 27)),
        ("2025-02-27 16:12", dt.date(2025, 2, 27)),
        ("02/03/2025 16:12", None),
        ("31 February 2025", None),
        ("someday", None),
    ],
)
def test_a_forwarded_date_line_is_read_when_unambiguous(written, day):
    assert written_date(written) == day


def test_a_numeric_forwarded_date_falls_back_to_the_date_header():
    body = GMAIL_FORWARD.replace("Thu, Feb 27, 2025 at 4:12 PM", "02/27/2025 16:12")
    assert meeting_mail_parse(mail(body, subject="Fwd: x").as_bytes()).date == dt.date(2025, 3, 3)


def test_lines_that_only_look_like_headers_are_no_block():
    prose = "Subject: the budget\nTo: be decided\n\nFrom: the minister's side, nothing."
    assert forwarded_blocks(prose) == []


def test_an_html_only_body_becomes_its_text():
    message = mail()
    message.set_content(
        "<html><head><style>p { color: red }</style><title>x</title></head><body>"
        "<p>Dear&nbsp;colleagues,</p><p>We agreed on <b>three</b> points:</p>"
        "<ul><li>costing</li><li>data</li></ul><script>alert(1)</script></body></html>",
        subtype="html",
    )
    summary = meeting_mail_parse(message.as_bytes()).summary
    assert summary == "Dear colleagues,\n\nWe agreed on three points:\n\ncosting\n\ndata"


def test_the_text_body_wins_over_its_html_alternative():
    message = mail("Plain account of the meeting.")
    message.add_alternative("<p>HTML account</p>", subtype="html")
    assert meeting_mail_parse(message.as_bytes()).summary == "Plain account of the meeting."


def test_a_long_body_is_cut_to_a_meeting_summarys_length():
    summary = meeting_mail_parse(mail("word " * 10_000).as_bytes()).summary
    assert len(summary) == SUMMARY_MAX_LENGTH
    assert summary.endswith("…")


def test_a_body_in_an_unknown_charset_is_read_with_replacements():
    raw = (
        b"From: alice@example.org\r\nTo: meetings@tracker.localhost\r\nSubject: x\r\n"
        b"Message-ID: <charset@example.org>\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\n"
        b"Caf\xe9 with the minister\r\n"
    )
    assert meeting_mail_parse(raw).summary == "Caf\ufffd with the minister"


def test_the_message_id_loses_its_angle_brackets_and_a_huge_one_is_digested():
    assert meeting_mail_parse(mail().as_bytes()).message_id == "abc123@mail.example.org"
    huge = meeting_mail_parse(mail(message_id=f"<{'x' * 300}@example.org>").as_bytes()).message_id
    assert huge.startswith("sha256:")
    assert len(huge) < 255


def test_without_a_message_id_the_same_email_relayed_again_has_the_same_digest():
    raw = mail(message_id=None).as_bytes()
    relayed = b"Received: from relay.example.org by mx.example.org\r\n" + raw
    other = mail("Another account.", message_id=None).as_bytes()
    first = meeting_mail_parse(raw).message_id
    assert first.startswith("sha256:")
    assert meeting_mail_parse(relayed).message_id == first
    assert meeting_mail_parse(other).message_id != first


def test_an_email_without_a_sender_address_is_unreadable():
    with pytest.raises(UnreadableMail):
        meeting_mail_parse(b"Subject: no sender\r\n\r\nHello\r\n")
    with pytest.raises(UnreadableMail):
        meeting_mail_parse(mail(sender="undisclosed-recipients:;").as_bytes())


def test_attachments_are_the_parts_sent_as_attachments_not_inline_logos():
    message = mail()
    message.add_related(b"\x89PNG\r\n\x1a\n logo", maintype="image", subtype="png", cid="<logo>")
    message.add_attachment(
        b"%PDF-1.4 agenda", maintype="application", subtype="pdf", filename="../Agenda.pdf"
    )
    attachments = meeting_mail_parse(message.as_bytes()).attachments
    assert [(item.name, item.content, item.declared_type) for item in attachments] == [
        ("Agenda.pdf", b"%PDF-1.4 agenda", "application/pdf")
    ]


@pytest.fixture
def known_people(reference_data):
    unicef = OrganizationFactory(name="UNICEF", website="https://www.unicef.org/about")
    un_entities = [OrganizationFactory(website="https://www.un.org/one"), OrganizationFactory()]
    Contact.objects.create(name="Jane Doe", member_state=state("KEN"), email="Jane@Health.go.ke")
    Contact.objects.create(name="Bob Rata", member_state=state("FJI"), email="bob@mfa.gov.fj")
    Contact.objects.create(name="Someone", member_state=state("ISL"), email="someone@gmail.com")
    Contact.objects.create(name="Two", organization=un_entities[0], email="two@un.org")
    Contact.objects.create(name="Three", organization=un_entities[1], email="three@un.org")
    return {"unicef": unicef}


def test_a_contacts_exact_address_names_its_state(known_people):
    match = participants_match(["jane@health.go.ke"])
    assert match.member_states == {state("KEN").pk}
    assert match.organizations == set()


def test_a_contacts_domain_names_its_state_for_colleagues_and_subdomains(known_people):
    assert participants_match(["minister@mfa.gov.fj"]).member_states == {state("FJI").pk}
    assert participants_match(["desk@pacific.mfa.gov.fj"]).member_states == {state("FJI").pk}
    assert participants_match(["someone@gov.fj"]).member_states == set()


def test_an_organizations_website_names_it(known_people):
    assert participants_match(["dana@unicef.org", "eve@nyhq.unicef.org"]).organizations == {
        known_people["unicef"].pk
    }


def test_a_shared_domain_or_a_webmail_domain_names_nobody(known_people):
    match = participants_match(["four@un.org", "other@gmail.com", "nobody@example.net"])
    assert match.member_states == set()
    assert match.organizations == set()
    # The contact's own webmail address still names its State.
    assert participants_match(["someone@gmail.com"]).member_states == {state("ISL").pk}
