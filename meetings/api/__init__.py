"""The meetings and follow-up API under /api/v1/."""
