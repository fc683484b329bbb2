"""Bad input is a 400 that writes nothing, never a 500 (issue 14)."""
