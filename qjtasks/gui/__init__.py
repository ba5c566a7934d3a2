"""qjtasks.gui package."""
