"""qjtasks.exchange package."""
