"""Fixtures for exchange tests (helpers live in xnet.py)."""
import pytest
from xnet import Net, enrol_unit, issue_all, open_services

from qjtasks.core.seed import ensure_default


@pytest.fixture
def net(tmp_path):
    office = open_services(tmp_path / "office.db", "督办员")
    ensure_default(office)
    n = Net(tmp_path, office)
    yield n
    office.store.close()
    for unit in n.units.values():
        unit.store.close()


@pytest.fixture
def pair(net):
    """The office and 区科技局 (lead of item 2), items 1–2 issued and delivered."""
    issue_all(net.office, [1, 2])
    enrol_unit(net, "区科技局")
    net.to_unit("区科技局")
    return net
