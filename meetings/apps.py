from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import view


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and follow-up actions")
    # What viewers and focal points may hold of this app's models (staff hold everything).
    role_permissions = {Role.VIEWER: view("meeting", "followupaction")}

    def ready(self) -> None:
        from meetings.selectors import visit_follow_ups, visit_meetings
        from visits.views import VISIT_PANELS

        VISIT_PANELS.register(template="meetings/_visit_meetings.html", rows=visit_meetings, order=10)
        VISIT_PANELS.register(template="meetings/_visit_follow_ups.html", rows=visit_follow_ups, order=30)

        from engagement.context_processors import nav_count_register
        from meetings.models import MeetingDraft

        nav_count_register("meeting_drafts", lambda user: MeetingDraft.objects.waiting_for(user).count())
