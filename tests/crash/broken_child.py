"""The harness's self-test: a note batch written WITHOUT a transaction (each note commits on
its own), looping until killed. The harness must report torn batches here."""
import sys

from qjtasks.core.services import Services
from qjtasks.core.store import Store


def main() -> None:
    services = Services(Store.open(sys.argv[1]), actor="崩溃测试")
    n = 0
    while True:
        for i in range(200):      # deliberately one commit per note
            services.notes.add(1, None, "测试员", f"批次-broken-{n} 第{i}条进展")
        n += 1


if __name__ == "__main__":
    main()
