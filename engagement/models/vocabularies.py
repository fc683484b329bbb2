"""The strategy vocabularies (SDG targets, objectives, interventions, contexts, themes) as data."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary


class Term(models.Model):
    """One entry of a controlled vocabulary; its code is what the API speaks."""

    vocabulary = models.CharField(_("vocabulary"), max_length=30, choices=Vocabulary.choices)
    code = models.CharField(
        _("code"),
        max_length=60,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9_.]*$", _("Use lower-case letters, digits, _ and ."))],
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["vocabulary", "code"]
        verbose_name = _("vocabulary term")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code if self.vocabulary == Vocabulary.SDG_TARGET else self.name
