"""The request id: one per request, taken from `X-Request-ID` or made, carried into the Celery tasks
the request queued, and put on every log record made meanwhile (operations.logs.RequestIdFilter).

It lives in a context variable: each thread (a gunicorn worker thread, a Celery pool process) and
each asyncio task sees its own.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

REQUEST_ID_HEADER = "X-Request-ID"
# The Celery message header that carries the id from the web to the worker.
TASK_HEADER = "request_id"
# Ids from load balancers and proxies (uuids, hex, Heroku's, AWS's) fit; anything longer or with
# other characters could forge log lines or bloat them, and is replaced by a new id.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# The tokens of the ids set by task_prerun, by task id, so task_postrun restores what was there.
_task_tokens: dict[str, Token] = {}


def request_id_current() -> str | None:
    """The id of the request (or of the task) this code runs for, None outside of both."""
    return _request_id.get()


def request_id_set(request_id: str | None) -> None:
    """Make `request_id` the current one until the next call (the request middleware's start)."""
    _request_id.set(request_id)


def request_id_accept(header: str | None) -> str:
    """The id a request sent in its header when it is short and safe, otherwise a new one."""
    if header and VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def request_id_clear(**kwargs) -> None:
    """Forget the id once the response is sent (Django's request_finished), so it stays on the
    records Django writes after the middleware returned (the 4xx warnings of django.request)."""
    _request_id.set(None)


def task_publish_add_request_id(headers: dict | None = None, **kwargs) -> None:
    """Celery `before_task_publish`: a task queued during a request carries the request's id."""
    request_id = _request_id.get()
    if request_id and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


def task_prerun_set_request_id(task_id: str | None = None, task=None, **kwargs) -> None:
    """Celery `task_prerun`: in the worker, the task runs under the id of the request that queued it.

    A task run in process (eager) has no such header and keeps the request's id as it is."""
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    if task_id and isinstance(request_id, str) and VALID_REQUEST_ID.fullmatch(request_id):
        _task_tokens[task_id] = _request_id.set(request_id)


def task_postrun_restore_request_id(task_id: str | None = None, **kwargs) -> None:
    """Celery `task_postrun`: the next task in this worker process starts without the id."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # Set in another context (a thread pool swapped under us): just clear.
            _request_id.set(None)
