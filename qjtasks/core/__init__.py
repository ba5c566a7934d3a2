"""qjtasks.core package."""
