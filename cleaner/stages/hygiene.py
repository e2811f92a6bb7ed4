"""Text hygiene: the byte-level debris every later rule would otherwise trip on.

All hygiene rules are regex rules in ``rules/hygiene.toml``; this module only
exists so the stage has a home for mechanisms it may need later.
"""
