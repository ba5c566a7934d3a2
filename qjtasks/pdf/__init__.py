"""qjtasks.pdf package."""
