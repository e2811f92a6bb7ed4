"""Placeholder: filled by the encoding stage work."""
