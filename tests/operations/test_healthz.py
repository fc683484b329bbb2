"""GET /healthz: the process answers, without the database, a sign-in or an allowed host."""

from __future__ import annotations

import pytest

URL = "/healthz"


def test_healthz_answers_ok_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access raise.
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_never_cached(client):
    response = client.get(URL)

    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_a_load_balancer_probing_by_ip_address(client):
    assert client.get("/", HTTP_HOST="10.20.30.40:8000").status_code == 400  # Other pages still refuse.

    response = client.get(URL, HTTP_HOST="10.20.30.40:8000")

    assert response.status_code == 200


def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/api/v1/").status_code == 301  # Everything else is.

    response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_writes(client, method):
    assert getattr(client, method)(URL).status_code == 405


def test_healthz_answers_head_requests(client):
    assert client.head(URL).status_code == 200
