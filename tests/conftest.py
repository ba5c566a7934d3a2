"""Shared test set-up: offscreen Qt, isolated data folders, a seeded store."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QJTASKS_NO_DEFAULT_DB", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("QJTASKS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QJTASKS_DB", raising=False)
