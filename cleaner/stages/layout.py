"""Placeholder: filled by the layout stage work."""
