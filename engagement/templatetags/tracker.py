"""Template helpers of the web pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """`mapping|lookup:key`: a dict value by key in a template (e.g. a State name by ISO3)."""
    return mapping.get(key, key)
