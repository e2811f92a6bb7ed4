"""Placeholder: filled by the duplicates stage work."""
