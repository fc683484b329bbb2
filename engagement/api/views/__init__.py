"""API views of the engagement app, one module per resource; `auth` holds the token endpoints."""
