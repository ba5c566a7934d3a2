"""qjtasks: supervise the written promises of reply letters (督办事项管理)."""

__version__ = "0.1.0"
