"""Admin for the reminder log: what was due, to whom, and whether it went out; failed and uncertain
ones can be resent."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reminders.models import Reminder
from reminders.recording import reminder_resend


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminder log, read-only: filter by rule, status and date; resend failed or uncertain ones."""

    list_display = (
        "subject", "rule", "recipient_email", "due_date", "step", "status", "tries", "sent_at", "failed_at",
    )  # fmt: skip
    list_filter = ("status", "rule", "due_date", "sent_at", ("recipient", admin.RelatedOnlyFieldListFilter))
    search_fields = ("subject", "recipient_email", "recipient__username", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    readonly_fields = [field.name for field in Reminder._meta.get_fields() if field.concrete]
    actions = ("resend",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reminder | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Reminder | None = None) -> bool:
        return False  # The log is the proof that a reminder went out once.

    @admin.action(description=_("Resend the selected failed or uncertain reminders"), permissions=["view"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        resent = sum(reminder_resend(reminder=reminder, by=request.user) for reminder in queryset)
        skipped = queryset.count() - resent
        if resent:
            self.message_user(
                request,
                ngettext("%(count)d reminder queued again.", "%(count)d reminders queued again.", resent)
                % {"count": resent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d reminder was neither failed nor uncertain and was left alone.",
                    "%(count)d reminders were neither failed nor uncertain and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
