"""SQL for package exchange (mirror, apply_office, enrol, bulk notes) lives here.

Empty for now: exchange/ still runs its own queries; they move here next so
the store stays the only place that holds the connection and writes SQL.
"""

from __future__ import annotations
