"""Benchmarks and seeded corpus generators (`python -m cleaner.bench`)."""
