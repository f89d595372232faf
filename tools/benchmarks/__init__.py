"""Benchmarks that are too long to live in tools/benchmark.py; each module registers itself there."""
