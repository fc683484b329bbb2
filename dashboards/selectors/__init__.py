"""The dashboards' reads, shared by their API and pages, each scoped to the caller and cached."""
