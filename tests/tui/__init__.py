"""Dashboard tests: Textual pilots against the widgets."""
