"""Meetings the office logs and the follow-up actions staff own."""
