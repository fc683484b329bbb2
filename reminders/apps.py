from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import view


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")
    # What viewers and focal points may hold of this app's models (staff hold everything).
    role_permissions = {Role.VIEWER: view("reminder")}

    def ready(self) -> None:
        from engagement.context_processors import nav_count_register
        from engagement.views import ACCOUNT_PANELS
        from reminders import checks, receivers  # noqa: F401  (registers the checks, connects the receivers)
        from reminders.selectors import undelivered_reminders_count
        from reminders.views import calendar_panel

        nav_count_register("undelivered_reminders", undelivered_reminders_count)
        ACCOUNT_PANELS.register(template="reminders/_calendar_panel.html", rows=calendar_panel, order=10)
