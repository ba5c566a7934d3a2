"""`python -m qjtasks` runs the command line."""
from qjtasks.cli import main

raise SystemExit(main())
