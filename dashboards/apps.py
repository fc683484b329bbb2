from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from dashboards.selectors.cache import connect_invalidation_signals

        connect_invalidation_signals()
