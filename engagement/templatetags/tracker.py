"""Template helpers of the web pages."""

from __future__ import annotations

from django import template

from engagement import names
from engagement.models import terms_in_order

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """`mapping|lookup:key`: a dict value by key in a template (e.g. a State name by ISO3)."""
    return mapping.get(key, key)


@register.filter
def in_code_order(terms):
    """`pledge.sdg_targets.all|in_code_order`: vocabulary terms in numeric code order (4.7 before 11.7)."""
    return terms_in_order(terms)


@register.filter
def local_name(obj) -> str:
    """`state|local_name`, `region|local_name`: the name in the page's language (engagement/names.py)."""
    return names.local_name(obj)


@register.filter
def by_local_name(items) -> list:
    """`states|by_local_name`: States or regions sorted by their local name, by Unicode collation."""
    return names.sorted_by_name(items)
