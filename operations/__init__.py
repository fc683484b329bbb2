"""Running the tracker in production: health and readiness, request logs and ids, error reports,
security headers. A cross-cutting app above the domain apps (STYLE.md), below `demo`."""
