"""Log records and how they are written: the request id on every record, one line per request,
text or JSON (`LOG_FORMAT`), the same in the web processes and in the Celery worker and beat.

config/settings.py's LOGGING names the filter, the formatters and the mail handler defined here;
they must not import models (logging is configured before the apps are loaded).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.log import AdminEmailHandler
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from operations.request_ids import request_id_current

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = ["levelname", "name", "message", "request_id"]
# Django's request records carry the request object: its repr says nothing the line does not.
JSON_SKIPPED = [*RESERVED_ATTRS, "request"]


class RequestIdFilter(logging.Filter):
    """Puts the current request id (None outside requests and tasks) on every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_current()
        return True


class TextFormatter(logging.Formatter):
    """One human-readable line per record; `-` where there is no request id."""

    def __init__(self, fmt: str = TEXT_FORMAT, datefmt: str | None = None, **kwargs) -> None:
        super().__init__(fmt, datefmt, **kwargs)

    def formatMessage(self, record: logging.LogRecord) -> str:
        return self._fmt % {**record.__dict__, "request_id": getattr(record, "request_id", None) or "-"}


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, request id and the record's extras
    (the request line's method, path, status, duration_ms and user_id; Celery's task data)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("fmt", JSON_FIELDS)
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", JSON_SKIPPED)
        super().__init__(**kwargs)


class RequestAdminEmailHandler(AdminEmailHandler):
    """Django's mail to ADMINS with the request id in the subject, to find the matching log lines."""

    def format_subject(self, subject: str) -> str:
        subject = super().format_subject(subject)
        request_id = request_id_current()
        if not request_id:
            return subject
        suffix = f" [request {request_id}]"
        # Django cuts subjects at 989 characters; the id must survive a long message.
        return f"{subject[: 989 - len(suffix)]}{suffix}"


def configured_formatter() -> logging.Formatter:
    """The formatter LOG_FORMAT names."""
    return JsonFormatter() if settings.LOG_FORMAT == "json" else TextFormatter()


def celery_logging_use_ours(logger: logging.Logger | None = None, **kwargs) -> None:
    """Celery `after_setup_logger`/`after_setup_task_logger`: Celery replaced the root handlers with
    its own (so `celery worker -l info` keeps its meaning); give them our format and request id."""
    if logger is None:
        return
    for handler in logger.handlers:
        handler.setFormatter(configured_formatter())
        if not any(isinstance(existing, RequestIdFilter) for existing in handler.filters):
            handler.addFilter(RequestIdFilter())
