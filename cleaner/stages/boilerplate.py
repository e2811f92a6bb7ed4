"""Placeholder: filled by the boilerplate stage work."""
