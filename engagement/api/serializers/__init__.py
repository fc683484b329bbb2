"""API serializers of the engagement app, one module per resource; shared fields in `fields`."""
