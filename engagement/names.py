"""Country and region names in the reader's language, from CLDR through Babel, sorted by UCA.

English names are the reference list's (the UN's short names, `engagement/reference/`); the
other five languages take CLDR's territory names, keyed by ISO 3166 alpha-2 for a State and by
the M49 code for a region. CLDR itself maps alpha-3 to alpha-2 (its "overlong" territory
aliases, `babel.core.get_global("territory_aliases")`), so no table is typed here by hand.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.utils import translation
from pyuca import Collator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from engagement.models import MemberState, Region

# Languages whose names are the reference list's own (the UN's English short names).
REFERENCE_LANGUAGE = "en"

T = TypeVar("T")


def alpha2(iso3: str) -> str | None:
    """The ISO 3166 alpha-2 code of an alpha-3 code, from CLDR's territory aliases."""
    replacements = get_global("territory_aliases").get(iso3.upper())
    return replacements[0] if replacements else None


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(translation.to_locale(language)).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or REFERENCE_LANGUAGE).lower()


def _is_reference(language: str) -> bool:
    return language.split("-")[0] == REFERENCE_LANGUAGE


def state_name(state: MemberState, language: str | None = None) -> str:
    """The State's name in `language` (default: the active language); the reference name if CLDR lacks it."""
    language = _language(language)
    if _is_reference(language):
        return state.name
    code = alpha2(state.iso3)
    return _territories(language).get(code, state.name) if code else state.name


def region_name(region: Region, language: str | None = None) -> str:
    """The M49 region's or sub-region's name in `language` (default: the active language)."""
    language = _language(language)
    if _is_reference(language):
        return region.name
    return _territories(language).get(region.m49, region.name)


def local_name(obj: Any, language: str | None = None) -> str:
    """`state_name` for a Member State, `region_name` for a region, `str()` for anything else."""
    if obj is None:
        return ""
    if hasattr(obj, "iso3"):
        return state_name(obj, language)
    if hasattr(obj, "m49"):
        return region_name(obj, language)
    return str(obj)


@cache
def _collator() -> Collator:
    # The Unicode Collation Algorithm's default table (DUCET): right for every script we serve,
    # unlike code-point order, which puts "Égypte" after "Zambie" and "Ö" after "Z".
    return Collator()


def collation_key(text: str) -> tuple[int, ...]:
    """A sort key for `text` by the Unicode Collation Algorithm."""
    return _collator().sort_key(text)


def sorted_by_name(items: Iterable[T], *, name: Callable[[T], str] | None = None) -> list[T]:
    """Items sorted by their name in the active language (`local_name` unless `name` is given)."""
    name = name or local_name
    return sorted(items, key=lambda item: collation_key(name(item)))
