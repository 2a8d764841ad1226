"""Browser tests: the real dashboard in Chromium."""
