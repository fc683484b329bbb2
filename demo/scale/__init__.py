"""Benchmark-scale data: `manage.py seed_scale --factor N` writes N times the N=1 volumes."""
