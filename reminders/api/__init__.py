"""The reminder log API under /api/v1/reminders/."""
