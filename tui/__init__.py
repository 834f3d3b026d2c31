"""The Textual dashboard: screens and widgets showing live metagraphs."""
