"""The fourth process beside web, worker and beat: an SMTP server taking meeting e-mails for the dropbox.

Staff forward or BCC an e-mail to MEETING_DROPBOX_ADDRESS; the office's mail server delivers it
here, and each message is handed to `meetings.services.meeting_draft_receive`, which makes its
sender's draft on /meetings/drafts/. Any other recipient is refused at RCPT (550). An accepted
message is answered 250 whatever became of it (a draft, a duplicate, an unknown sender), so the
answer never tells who is known; a database or storage failure is a 451, and the mail server tries
again later (the Message-ID keeps the retry from making a second draft). SIGTERM or Ctrl-C stops
listening, lets the messages in progress finish, then exits.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connections

from meetings.models import MESSAGE_MAX_SIZE
from meetings.services import meeting_draft_receive

logger = logging.getLogger("meetings.mail")

# Messages in progress get this long to finish once a stop is asked for.
STOP_GRACE_SECONDS = 30


class DropboxHandler:
    """aiosmtpd handler: only the dropbox as recipient; each message read into a draft off the event loop.

    The ORM is synchronous, so messages are handed to one worker thread, one at a time (a dozen
    staff send a few a day); its database connection is checked before and after each message, as
    a request's is, and closed with the handler.
    """

    def __init__(self, *, address: str | None = None) -> None:
        self.address = (address or settings.MEETING_DROPBOX_ADDRESS).strip().lower()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropbox")
        self._in_progress = 0
        self._idle = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.strip().lower() != self.address:
            logger.info(
                "meeting mail from %s refused: recipient %s is not the dropbox", envelope.mail_from, address
            )
            return "550 5.1.1 No such mailbox here: this server takes meeting e-mails only"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        with self._idle:
            self._in_progress += 1
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._executor, self._receive, raw, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except (DatabaseError, OSError):
            logger.exception(
                "meeting mail from %s deferred: the draft could not be stored", envelope.mail_from
            )
            return "451 4.3.0 Temporary failure, please try again later"
        except Exception:
            logger.exception("meeting mail from %s refused: it could not be read", envelope.mail_from)
            return "554 5.6.0 The message could not be read into a meeting draft"
        finally:
            with self._idle:
                self._in_progress -= 1
                self._idle.notify_all()
        return "250 2.0.0 Message accepted"

    def _receive(self, raw: bytes, envelope_from: str, recipients: list[str]) -> None:
        close_old_connections()
        try:
            meeting_draft_receive(raw=raw, envelope_from=envelope_from, recipients=recipients)
        finally:
            close_old_connections()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no message is in progress; False if some still are after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_progress == 0, timeout=timeout)

    def close(self) -> None:
        """Close the worker thread's database connection and the thread."""
        self._executor.submit(connections.close_all).result()
        self._executor.shutdown(wait=True)


class Command(BaseCommand):
    help = (
        "Receive meeting e-mails over SMTP for MEETING_DROPBOX_ADDRESS and turn each one from a staff "
        "member's address into their draft on /meetings/drafts/. Runs until SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8025, help="Port to listen on (default 8025).")

    def handle(self, *args, host: str, port: int, **options) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        handler = DropboxHandler()
        controller = Controller(
            handler,
            hostname=host,
            port=port,
            data_size_limit=MESSAGE_MAX_SIZE,
            enable_SMTPUTF8=True,
            ident="VAC tracker meeting dropbox",
        )
        stop = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            try:
                controller.start()
            except (OSError, TimeoutError) as error:
                handler.close()
                raise CommandError(f"Cannot listen on {host}:{port}: {error}") from error
            logger.info("receiving meeting e-mail for %s on %s:%s", handler.address, host, port)
            self.stdout.write(f"Receiving meeting e-mail for {handler.address} on {host}:{port}.")
            self.stdout.flush()
            while not stop.wait(timeout=1):
                pass
            self._stop(controller, handler)
        finally:
            for signum, handler_before in previous.items():
                signal.signal(signum, handler_before)

    def _stop(self, controller: Controller, handler: DropboxHandler) -> None:
        """Stop listening, let the messages in progress finish, then close everything."""
        logger.info("stopping: no new connections; finishing the messages in progress")
        controller.loop.call_soon_threadsafe(controller.server.close)
        if not handler.wait_idle(STOP_GRACE_SECONDS):
            logger.warning(
                "stopping with a message still in progress; its sender's server will send it again"
            )
        controller.stop()
        handler.close()
        logger.info("stopped")
        self.stdout.write("Stopped.")
