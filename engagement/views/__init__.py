"""Server-rendered pages of the engagement app, one module per concept."""
