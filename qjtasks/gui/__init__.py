"""The PySide6 desktop application: the supervisor's window onto every item, unit and deadline.

Only this package imports Qt. It reads through `Store`, changes data only through `Services`
(wrapped by `operations`), and refreshes its views from the `Changes` each call returns.
"""
