"""The engagement app's admin, one module per concept (mirrors engagement/models/)."""

from engagement.admin import (  # noqa: F401  (importing registers the admins)
    followups,
    geography,
    indicators,
    meetings,
    people,
    reminders,
    vnr,
    vocabularies,
)
