"""Shared test set-up: offscreen Qt, isolated data folders, stores with and without the seed."""
import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

TODAY = dt.date(2026, 11, 25)
# The day services made by fixtures record on (their clock's today): after every date the tests
# enter, so no act is refused as dated in the future, and never the wall clock.
RECORDING_DAY = dt.date(2027, 12, 31)

# Property tests: no per-example deadline and no "too slow" health check (a loaded 2-core CI
# machine is slow, not wrong), and the same examples on every run, so a CI result can be
# reproduced. QJTASKS_HYPOTHESIS_EXPLORE=1 draws new examples each run (look for new bugs).
settings.register_profile(
    "qjtasks", deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=not os.environ.get("QJTASKS_HYPOTHESIS_EXPLORE"), print_blob=True)
settings.load_profile("qjtasks")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("QJTASKS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QJTASKS_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("QJTASKS_DB", raising=False)


@pytest.fixture(autouse=True)
def _umask_kept():
    """The programs' entry points make files private (umask 077); a test calling one in this
    process must not change what the next test creates."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture
def store(tmp_path):
    from qjtasks.core.store import Store
    s = Store.open(tmp_path / "qj.db")
    yield s
    s.close()


@pytest.fixture
def services(store):
    from qjtasks.core.clock import Clock
    from qjtasks.core.services import Services
    return Services(store, actor="测试督办员", clock=Clock(RECORDING_DAY))


@pytest.fixture
def seeded(services):
    from qjtasks.core.seed import ensure_default
    ensure_default(services)
    return services


@pytest.fixture
def today():
    return TODAY
