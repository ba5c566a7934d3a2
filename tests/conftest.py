"""Shared test set-up: offscreen Qt, isolated data folders, stores with and without the seed."""
import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("QJTASKS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QJTASKS_DB", raising=False)


@pytest.fixture
def store(tmp_path):
    from qjtasks.core.store import Store
    s = Store.open(tmp_path / "qj.db")
    yield s
    s.close()


@pytest.fixture
def services(store):
    from qjtasks.core.services import Services
    return Services(store, actor="测试督办员")


@pytest.fixture
def seeded(services):
    from qjtasks.core.seed import ensure_default
    ensure_default(services)
    return services


@pytest.fixture
def today():
    return TODAY
