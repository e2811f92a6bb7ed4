"""Placeholder: filled by the scripts stage work."""
