"""Child process for the package crash test: import one package, then wait to be killed."""
import sys
import time

from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange.importer import import_package

store = Store.open(sys.argv[1])
print("go", flush=True)
import_package(Services(store), sys.argv[2])
print("done", flush=True)
time.sleep(60)
