"""Follow-up reminders: rules say what is due, the log records each reason once, delivery sends it once."""
