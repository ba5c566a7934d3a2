"""qjtasks.importers package."""
