"""Writes of the engagement app, one module per concept."""
