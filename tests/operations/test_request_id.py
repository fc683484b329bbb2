"""The request id: taken from `X-Request-ID` when short and safe, made otherwise, returned in the
response, on every log record of the request, and carried into the Celery tasks it queued."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from operations.logs import JsonFormatter, RequestIdFilter
from tests.factories import PledgeFactory, StaffFactory, state
from tests.fixtures.services import wait_until

URL = "/api/v1/"
MADE_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_log(caplog):
    """The JSON lines the console handler writes (its formatter and filter), as parsed objects."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="django")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_request_id_sent_by_the_proxy_is_returned(client):
    response = client.get(URL, HTTP_X_REQUEST_ID="lb-7f3a.21:09")

    assert response["X-Request-ID"] == "lb-7f3a.21:09"


@pytest.mark.parametrize(
    "header",
    ["", "a" * 65, "id with spaces", "id\r\nSet-Cookie: x=1", "<script>", "café"],
    ids=["empty", "too-long", "spaces", "header-injection", "markup", "non-ascii"],
)
def test_an_unsafe_request_id_is_replaced_by_a_new_one(client, header):
    response = client.get(URL, HTTP_X_REQUEST_ID=header)

    assert MADE_ID.fullmatch(response["X-Request-ID"])


def test_a_request_without_an_id_gets_a_new_one_each_time(client):
    first, second = (client.get(URL)["X-Request-ID"] for _ in range(2))

    assert MADE_ID.fullmatch(first)
    assert MADE_ID.fullmatch(second)
    assert first != second


def test_the_request_id_is_on_the_json_line_of_the_request(client, json_log):
    client.get(URL, HTTP_X_REQUEST_ID="req-json-1")

    [line] = [line for line in json_log() if line["logger"] == "operations.requests"]
    assert line["request_id"] == "req-json-1"


def test_records_django_writes_after_the_middleware_carry_the_request_id_too(client, json_log):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-1")

    [warning] = [line for line in json_log() if line["logger"] == "django.request"]
    assert warning["message"] == "Not Found: /no-such-page/"
    assert warning["request_id"] == "req-404-1"


def test_records_after_the_request_have_no_request_id(client, json_log):
    client.get(URL, HTTP_X_REQUEST_ID="req-done-1")

    logging.getLogger("tests.operations").warning("after the request")

    assert json_log()[-1]["request_id"] is None


@pytest.mark.celery_worker
def test_the_request_id_follows_the_task_the_request_queued_into_the_worker(
    api, focal_ken, celery_worker_process, smtp_server
):
    """A focal point's report queues the Office's e-mail (reminders.send); the worker's lines of
    that task carry the id of the request."""
    bernard = StaffFactory(username="bernard", first_name="Bernard")
    pledge = PledgeFactory(member_state=state("KEN"), responsible_staff=bernard)

    response = api(focal_ken).post(
        f"/api/v1/pledges/{pledge.pk}/reports/",
        {
            "status": "in_progress",
            "progress": 60,
            "narrative": "Costed.",
            "evidence_url": "https://example.org/a",
        },
        HTTP_X_REQUEST_ID="req-worker-1",
    )

    assert response.status_code == 201, response.content
    line = wait_until(
        lambda: re.search(r"^.*\[req-worker-1\].*Task reminders\.send\[.*succeeded.*$",
                          celery_worker_process.logs(), re.MULTILINE)
    )  # fmt: skip
    assert "celery.app.trace" in line.group(0)
    assert smtp_server.messages_to("bernard@example.org")
