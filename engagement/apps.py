from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        from engagement.selectors.cache import connect_invalidation_signals

        connect_invalidation_signals()
