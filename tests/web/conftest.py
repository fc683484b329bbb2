"""Web page fixtures: a Django test client signed in as one of the cast."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def web():
    """A test client signed in as the given user (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
