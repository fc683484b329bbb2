"""Meeting e-mails read into drafts: what an e-mail says (parsing) and whom it was with (matching).

Staff forward or BCC an e-mail to MEETING_DROPBOX_ADDRESS; `manage.py receive_mail` hands the raw
bytes to `meetings.services.meeting_draft_receive`, which reads them here. Parsing is pure (bytes
in, a `MeetingMail` out); matching reads the contacts and organizations.

- The sender is the outer From: for a forward, the staff member who forwarded it.
- The date is the forwarded block's "Date:"/"Sent:" line when there is one (the meeting's e-mail,
  not the forward), else the Date header, else the day it arrived; always in the site's time zone.
- The title is the subject without its forward and reply prefixes (Fwd:, Fw:, TR:, RV:, WG:...).
- The summary is the text body (an HTML-only body is turned into text), bounded like a meeting's.
- The participants are every address of From/To/Cc, of the forwarded header blocks in the body and
  of an e-mail attached as a whole (message/rfc822).
- A message without a Message-ID is known by a digest of its headers and body, which stays the same
  when a second copy arrives (relays add Received lines at the top, never change the body).
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement.models import Contact, Organization
from engagement.validators import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date
from pledges.evidence import display_name

# Forward prefixes in the office's languages and the mail clients' (TR: French, RV: Spanish, WG:
# German, ENC: Portuguese), and reply prefixes, as a thread forwarded reads "Fwd: RE: ...".
SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:fwd?|fw|tr|rv|wg|enc|re|aw|sv|res)\s*(?:\[\d+\])?\s*[:\uff1a]\s*)+", re.I
)
FORWARD_PREFIX = re.compile(r"\b(?:fwd?|fw|tr|rv|wg|enc)\s*(?:\[\d+\])?\s*[:\uff1a]", re.I)
# The line a client writes above the forwarded e-mail (Outlook writes a rule of underscores).
FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message|message transféré|message d'origine|"
    r"mensaje reenviado|mensaje original|weitergeleitete nachricht)\s*-*"
    r"|begin forwarded message:|_{10,})\s*$",
    re.I | re.M,
)
MESSAGE_ID_MAX_LENGTH = 255

# The keys of a forwarded or quoted header block (Gmail, Outlook, Apple Mail, Thunderbird) in
# English, French, Spanish and German, by what they name.
BLOCK_KEYS = {
    "from": "from",
    "de": "from",
    "von": "from",
    "date": "date",
    "sent": "date",
    "envoyé": "date",
    "enviado": "date",
    "enviado el": "date",
    "fecha": "date",
    "gesendet": "date",
    "datum": "date",
    "to": "to",
    "à": "to",
    "a": "to",
    "para": "to",
    "an": "to",
    "cc": "cc",
    "subject": "subject",
    "objet": "subject",
    "asunto": "subject",
    "betreff": "subject",
}
BLOCK_LINE = re.compile(r"^\*?(?P<key>[^\W\d_]+(?: el)?)\*?\s*:\s*(?P<value>.*)$")
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")

# Month names in English, French and Spanish, as mail clients write them in forwarded blocks.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "janvier", "janv", "enero", "ene"),
            ("february", "feb", "février", "fevrier", "févr", "fevr", "febrero"),
            ("march", "mar", "mars", "marzo"),
            ("april", "apr", "avril", "avr", "abril", "abr"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "junio"),
            ("july", "jul", "juillet", "juil", "julio"),
            ("august", "aug", "août", "aout", "agosto", "ago"),
            ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
            ("october", "oct", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "décembre", "decembre", "déc", "diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "3 March 2025", "3 mars 2025", "3 de marzo de 2025"; "March 3, 2025", "Mar 3 2025"; ISO "2025-03-03".
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er)?\.?\s+(?:de\s+)?(?P<month>{_MONTH})\.?,?\s+(?:de\s+)?(?P<year>\d{{4}})\b",
    re.I,
)
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I
)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")

# Addresses at these domains belong to people, not to a ministry or an organization: a contact who
# writes from one says nothing about anyone else who does.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "orange.fr",
        "free.fr",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "126.com",
    }
)


class UnreadableMail(ValueError):
    """The bytes are not an e-mail a draft can be made from (no sender address)."""


@dataclass(frozen=True)
class MailAttachment:
    """One attached file as the e-mail carried it: name for display, the bytes, the declared type."""

    name: str
    content: bytes
    declared_type: str


@dataclass(frozen=True)
class MeetingMail:
    """What a meeting e-mail says, before anyone is matched."""

    message_id: str
    sender: str
    date: dt.date | None
    title: str
    summary: str
    # (display name, lower-case address), in order of appearance, each address once.
    participants: list[tuple[str, str]] = field(default_factory=list)
    attachments: list[MailAttachment] = field(default_factory=list)


def meeting_mail_parse(raw: bytes) -> MeetingMail:
    """Read an e-mail's sender, Message-ID, date, title, summary, participants and attachments."""
    message = email.message_from_bytes(raw, policy=policy.default)
    senders = _addresses(message, "From")
    if not senders:
        raise UnreadableMail("no From address")
    attached = _attached_messages(message)
    summary = body_text(message)
    if not summary.strip() and attached:
        # Forwarded "as attachment" (Outlook): the meeting's e-mail is the attached one.
        summary = body_text(attached[0])
    blocks = [*forwarded_blocks(summary), *(_headers_block(inner) for inner in attached)]
    subject = _header(message, "Subject")
    prefixes = SUBJECT_PREFIX.match(subject)
    forwarded = bool(
        attached or FORWARD_MARKER.search(summary) or (prefixes and FORWARD_PREFIX.search(prefixes[0]))
    )
    participants = _unique(
        [
            *(pair for name in ("From", "To", "Cc") for pair in _addresses(message, name)),
            *(
                pair
                for block in blocks
                for key in ("from", "to", "cc")
                for pair in _parse_addresses(block.get(key))
            ),
        ]
    )
    return MeetingMail(
        message_id=message_id_of(message, raw),
        sender=senders[0][1],
        # A reply quotes older e-mails too; only a forward's block dates the meeting's e-mail.
        date=(_first_date(blocks) if forwarded else None) or header_date(message),
        title=subject_title(subject),
        summary=bounded(summary.strip(), SUMMARY_MAX_LENGTH),
        participants=participants,
        attachments=list(_attachments(message)),
    )


def _header(message: EmailMessage, name: str) -> str:
    """A header's decoded text, '' when absent or beyond repair."""
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError, LookupError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _parse_addresses(value: str | None) -> list[tuple[str, str]]:
    """The (name, lower-case address) pairs of an address list, dropping what is not an address."""
    if not value:
        return []
    # Outlook writes a forwarded sender as "Name [mailto:name@example.org]".
    value = re.sub(r"\[mailto:([^\]\s]+)\]", r"<\1>", value)
    pairs = []
    for name, address in getaddresses([value]):
        address = address.strip().strip("<>").lower()
        if ADDRESS.match(address):
            pairs.append((" ".join(name.split()), address))
    return pairs


def _addresses(message: EmailMessage, name: str) -> list[tuple[str, str]]:
    try:
        values = message.get_all(name) or []
    except (ValueError, TypeError, IndexError, LookupError):
        return []
    return [pair for value in values for pair in _parse_addresses(str(value))]


def _unique(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each address once, with the first name given for it (or a later one if the first had none)."""
    names: dict[str, str] = {}
    for name, address in pairs:
        if not names.get(address):
            names[address] = name
    return [(name, address) for address, name in names.items()]


def message_id_of(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID without its angle brackets; a digest when there is none (or it is too long)."""
    value = "".join(_header(message, "Message-ID").split()).strip("<>")
    if len(value) > MESSAGE_ID_MAX_LENGTH:
        return f"sha256:{hashlib.sha256(value.encode()).hexdigest()}"
    if value:
        return value
    digest = hashlib.sha256()
    for name in ("From", "To", "Cc", "Date", "Subject"):
        digest.update(_header(message, name).encode("utf-8", "replace") + b"\0")
    # The body as sent: what relays add (Received lines, signatures) is all in the header block.
    digest.update(re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[-1])
    return f"sha256:{digest.hexdigest()}"


def subject_title(subject: str) -> str:
    """The subject without Fwd:/Fw:/TR:/RV:/WG:/RE: prefixes, however many, bounded like a title."""
    return bounded(SUBJECT_PREFIX.sub("", subject).strip(), 300)


def bounded(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis showing where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _local_date(moment: dt.datetime) -> dt.date:
    """The day a moment falls on in the site's time zone; a time without a zone, the day as written."""
    return moment.date() if timezone.is_naive(moment) else timezone.localtime(moment).date()


def _recorded(day: dt.date | None) -> dt.date | None:
    """`day` if a record may carry it (engagement/validators.py), else None."""
    if day is None:
        return None
    try:
        validate_recorded_date(day)
    except ValidationError:
        return None
    return day


def header_date(message: EmailMessage) -> dt.date | None:
    """The Date header's day in the site's time zone, None when absent or unreadable."""
    try:
        moment = message["Date"].datetime if message.get("Date") is not None else None
    except (AttributeError, ValueError, TypeError, IndexError, LookupError):
        moment = None
    return _recorded(_local_date(moment)) if moment else None


def written_date(value: str) -> dt.date | None:
    """The day a forwarded block's date line names: RFC 5322, ISO or with the month in English words.

    A date written in digits only (03/04/2025) is ambiguous between clients and is not read.
    """
    value = " ".join(value.split())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        return _recorded(_local_date(moment))
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO_DATE):
        found = pattern.search(value)
        if found:
            month = found["month"]
            month = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            try:
                return _recorded(dt.date(int(found["year"]), month, int(found["day"])))
            except ValueError:
                return None
    return None


def _first_date(blocks: list[dict[str, str]]) -> dt.date | None:
    for block in blocks:
        if block.get("date"):
            day = written_date(block["date"])
            if day:
                return day
    return None


def forwarded_blocks(text: str) -> list[dict[str, str]]:
    """The header blocks of forwarded or quoted e-mails in a body, in order: {"from", "date", "to", ...}.

    A block is a run of "Key: value" lines naming at least From and one of Date/Sent, To or
    Subject, with an address or a readable date; a line that is no key continues the previous To
    or Cc when it holds an address (clients wrap long lists). Quote marks ("> ") are ignored.
    """
    blocks: list[dict[str, str]] = []
    block: dict[str, str] = {}
    last = ""
    # A sentinel line closes the last block.
    for line in [*text.splitlines(), "."]:
        line = re.sub(r"^(?:\s*>)+", "", line).strip()
        if not line and block:
            continue  # Some clients leave blank lines between the header lines.
        found = BLOCK_LINE.match(line)
        key = BLOCK_KEYS.get(found["key"].lower()) if found else None
        if key and key not in block:
            block[key], last = found["value"].strip(), key
            continue
        if block and last in ("to", "cc") and "@" in line and not key:
            block[last] += " " + line
            continue
        if _is_header_block(block):
            blocks.append(block)
        block, last = {}, ""
        if key:  # A key seen again starts the next block.
            block[key], last = found["value"].strip(), key
    return blocks


def _is_header_block(block: dict[str, str]) -> bool:
    """A From line with Date/Sent, To or Subject, and an address or a readable date: not prose with colons."""
    if "from" not in block or not {"date", "to", "subject"} & block.keys():
        return False
    named = any("@" in block.get(key, "") for key in ("from", "to", "cc"))
    return named or written_date(block.get("date", "")) is not None


def _headers_block(message: EmailMessage) -> dict[str, str]:
    """An attached e-mail's headers, read as a forwarded block."""
    return {key: _header(message, key.capitalize()) for key in ("from", "date", "to", "cc", "subject")}


def _attached_messages(message: EmailMessage) -> list[EmailMessage]:
    """E-mails attached whole (message/rfc822), as Outlook's "forward as attachment" sends them."""
    found = []
    for part in message.walk():
        if part is not message and part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, EmailMessage):
                found.append(inner)
    return found


def _part_text(part: EmailMessage) -> str:
    """A text part decoded; an unknown or wrong charset is read as UTF-8 with replacements."""
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, KeyError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def body_text(message: EmailMessage) -> str:
    """The e-mail's text: its text/plain body, else its HTML body as text, else ''."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError, TypeError):
        body = None
    if body is None:
        return ""
    text = _part_text(body)
    if body.get_content_subtype() == "html":
        text = html_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text)


class _TextOfHtml(HTMLParser):
    """HTML to text: block elements end lines, scripts and styles are dropped, entities decoded."""

    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "tr",
            "li",
            "ul",
            "ol",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "hr",
        }
    )
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_text(html: str) -> str:
    """The text an HTML body shows, one line per block."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _attachments(message: EmailMessage) -> Iterator[MailAttachment]:
    """The parts sent as attachments (not signature logos sent inline), e-mails attached whole excepted."""
    for part in message.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        if part.get_content_disposition() != "attachment":
            continue
        try:
            content = part.get_payload(decode=True) or b""
        except (ValueError, TypeError, LookupError):
            content = b""
        try:
            filename = part.get_filename() or ""
        except (ValueError, TypeError, LookupError):
            filename = ""
        yield MailAttachment(display_name(filename or "attachment"), content, part.get_content_type())


def participants_text(participants: Iterable[tuple[str, str]]) -> str:
    """The participants as the draft shows them, "Name <address>" a line, bounded like a text field."""
    lines = [f"{name} <{address}>" if name else address for name, address in participants]
    return bounded("\n".join(lines), TEXT_MAX_LENGTH)


@dataclass(frozen=True)
class ParticipantMatch:
    """The Member States and organizations the participants' addresses point to (primary keys)."""

    member_states: set[int]
    organizations: set[int]


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower().rstrip(".")


def website_host(url: str) -> str:
    """An organization's website as a mail domain: its host without "www."."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _known_domain(domain: str, known: Iterable[str]) -> str | None:
    """The longest known domain `domain` is or is under (mfa.gov.xx is under gov.xx), if any."""
    within = [candidate for candidate in known if domain == candidate or domain.endswith(f".{candidate}")]
    return max(within, key=len) if within else None


@dataclass
class _KnownDomains:
    """What the contacts and websites say about each domain and each exact address."""

    by_address: dict[str, list[tuple[int | None, int | None]]] = field(default_factory=dict)
    states_at: dict[str, set[int]] = field(default_factory=dict)
    organizations_at: dict[str, set[int]] = field(default_factory=dict)

    def add(self, domain: str, state_id: int | None, organization_id: int | None) -> None:
        if domain in PUBLIC_MAIL_DOMAINS:
            return
        states = self.states_at.setdefault(domain, set())
        organizations = self.organizations_at.setdefault(domain, set())
        if state_id:
            states.add(state_id)
        if organization_id:
            organizations.add(organization_id)


def _known_domains() -> _KnownDomains:
    """The contacts' addresses and domains, and the organizations' website hosts (two queries)."""
    known = _KnownDomains()
    contacts = Contact.objects.exclude(email="").values_list("email", "member_state_id", "organization_id")
    for address, state_id, organization_id in contacts:
        address = address.strip().lower()
        known.by_address.setdefault(address, []).append((state_id, organization_id))
        known.add(_domain(address), state_id, organization_id)
    for organization_id, url in Organization.objects.exclude(website="").values_list("id", "website"):
        host = website_host(url)
        if host:
            known.add(host, None, organization_id)
    return known


def participants_match(addresses: Iterable[str]) -> ParticipantMatch:
    """Match each address to a State and organization: a contact's exact address first, else its domain.

    A domain is known from the contacts' addresses and the organizations' websites. It names a
    State (or an organization) only when everything known at it agrees on one: a domain shared by
    several ministries or entities (un.org) names none, and webmail domains never count.
    """
    known = _known_domains()
    match = ParticipantMatch(set(), set())
    for address in addresses:
        if address in known.by_address:
            for state_id, organization_id in known.by_address[address]:
                match.member_states.update({state_id} - {None})
                match.organizations.update({organization_id} - {None})
            continue
        domain = _domain(address)
        at = None if domain in PUBLIC_MAIL_DOMAINS else _known_domain(domain, known.states_at)
        if at is None:
            continue
        if len(known.states_at[at]) == 1:
            match.member_states.update(known.states_at[at])
        if len(known.organizations_at[at]) == 1:
            match.organizations.update(known.organizations_at[at])
    return match
