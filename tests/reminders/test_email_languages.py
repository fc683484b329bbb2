"""Every e-mail is written in its recipient's language, in each of the six."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import formats, translation

from tests.factories import PledgeFactory, state

DUE = dt.date(2025, 5, 8)
BEFORE = DUE - dt.timedelta(days=14)

# The greeting as the translators wrote it in each catalogue (locale/<language>/LC_MESSAGES/django.po).
GREETINGS = {
    "en": "Dear Kamau,",
    "fr": "Bonjour Kamau,",
    "es": "Estimado/a Kamau:",
    "ar": "Kamau المحترم/المحترمة،",
    "ru": "Уважаемый(ая) Kamau!",
    "zh-hans": "尊敬的 Kamau：",  # noqa: RUF001 (the full-width colon is Chinese punctuation)
}
KENYA = {"en": "Kenya", "fr": "Kenya", "es": "Kenia", "ar": "كينيا", "ru": "Кения", "zh-hans": "肯尼亚"}


def due_date_in(language: str) -> str:
    with translation.override(language):
        return formats.date_format(DUE, "DATE_FORMAT")


@pytest.fixture
def reminded(focal_ken, sweep, mailoutbox):
    """Send Kamau the "report due in 14 days" reminder in `language`; returns the e-mail."""

    def send(language: str):
        focal_ken.language = language
        focal_ken.save(update_fields=["language"])
        PledgeFactory(member_state=state("KEN"), next_report_due=DUE, title="Child helpline")
        sweep(BEFORE)
        [message] = mailoutbox
        return message

    return send


@pytest.mark.parametrize("language", GREETINGS)
def test_the_email_is_marked_with_the_recipients_language(language, reminded):
    message = reminded(language)
    html = message.alternatives[0][0]
    assert message.extra_headers["Content-Language"] == language
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


@pytest.mark.parametrize("language", GREETINGS)
def test_the_due_date_is_written_the_recipients_way(language, reminded):
    message = reminded(language)
    assert due_date_in(language) in message.subject
    assert due_date_in(language) in message.body


@pytest.mark.parametrize("language", GREETINGS)
def test_the_state_is_named_in_the_recipients_language(language, reminded):
    message = reminded(language)
    assert KENYA[language] in message.alternatives[0][0]


@pytest.mark.parametrize("language", GREETINGS)
def test_the_greeting_is_the_translators(language, reminded):
    # Needs the compiled catalogues (`manage.py compilemessages`).
    message = reminded(language)
    assert GREETINGS[language] in message.body
    assert GREETINGS[language] in message.alternatives[0][0]
