"""Reusable dashboard widgets; import each from its own module (e.g. tui.widgets.fast_table)."""
