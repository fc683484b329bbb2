"""The demo data set, built from the office's public reports; `demo_data_load()` loads it idempotently."""
