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
        from reminders import receivers  # noqa: F401  (connects the receivers)
