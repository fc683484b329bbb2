"""The demo data set, built from the office's public reports; `demo_data_load()` loads it idempotently."""

from engagement.demo.load import DemoSummary, demo_data_load

__all__ = ["DemoSummary", "demo_data_load"]
