"""`python -m qjtasks` runs the command line."""
from qjtasks.cli import entry

entry()
