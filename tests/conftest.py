"""The fixed cast (staff, viewer, focal points of Kenya and Fiji), API and web clients and reference data."""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from engagement.models import MemberState
from engagement.services import reference_data_load
from tests.factories import FocalPointFactory, StaffFactory, UserFactory, state

pytest_plugins = ["tests.fixtures.services", "tests.fixtures.browser", "tests.fixtures.pages"]

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing service skips the test; in CI (REQUIRE_REAL_SERVICES=1) it fails it."""
    if REQUIRE_REAL_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data once per test database."""
    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Autouse fixtures run first, so the cast is hashed fast; the hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in French leaves French active in the
    thread (Django's LocaleMiddleware does not reset it), which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace: throttle counters never leak between tests or
    between xdist workers, which share one Redis in CI."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for name, config in settings.CACHES.items()
    }


@pytest.fixture
def reference_data(db):
    """Reference data and role groups, reloaded if a transactional test flushed them."""
    if not MemberState.objects.exists() or not Group.objects.exists():
        reference_data_load()


@pytest.fixture
def staff(reference_data):
    return StaffFactory(username="alice", first_name="Alice")


@pytest.fixture
def viewer(reference_data):
    return UserFactory(username="victor", first_name="Victor")


@pytest.fixture
def focal_ken(reference_data):
    return FocalPointFactory(username="kamau", first_name="Kamau", member_state=state("KEN"))


@pytest.fixture
def focal_fji(reference_data):
    return FocalPointFactory(username="fiona", first_name="Fiona", member_state=state("FJI"))


@pytest.fixture
def cast(staff, viewer, focal_ken, focal_fji):
    """Every role by name; `anonymous` is None."""
    return {
        "anonymous": None,
        "focal_ken": focal_ken,
        "focal_fji": focal_fji,
        "viewer": viewer,
        "staff": staff,
    }


@pytest.fixture
def api():
    """An API client signed in as the given user (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def web():
    """A test client signed in as the given user (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
