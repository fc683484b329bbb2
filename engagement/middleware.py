"""Which language a request speaks: the account's, else the switcher's cookie, else Accept-Language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

# The API is used by scripts and partner sites: its messages follow the caller's header only.
API_PREFIX = "/api/"


def language_from_header(request: HttpRequest) -> str:
    """The best supported language of the request's Accept-Language header, else the default."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class AccountLanguageMiddleware:
    """Runs after LocaleMiddleware and AuthenticationMiddleware and corrects LocaleMiddleware's choice.

    LocaleMiddleware already picked the cookie, else the header. A signed-in account's
    `language` beats both, so a focal point reads their language on any browser; the API
    ignores the account and the cookie and follows Accept-Language alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        if language and language != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

    @staticmethod
    def language_for(request: HttpRequest) -> str | None:
        """The language to speak, or None to keep LocaleMiddleware's choice."""
        if request.path_info.startswith(API_PREFIX):
            return language_from_header(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            try:
                return translation.get_supported_language_variant(user.language)
            except LookupError:
                return None
        return None
