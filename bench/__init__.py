"""Benchmarks of the tracker at scale: `python bench/run.py --factor N` (see bench/README.md)."""
