"""Compiled dataclass methods kept between runs of the command line (issue 20).

Python 3.11's `dataclasses` writes the source of every method it adds (`__init__`, `__repr__`,
`__eq__`, `__hash__`, a frozen class's `__setattr__` and `__delattr__`) and compiles it with
`exec`, once per method per class, every time the class is made. For the ~50 dataclasses a
`qjtasks print notice` imports that is ~20 ms of a ~100 ms process — more than all the work
the command does. `install()` gives the dataclasses module an `exec` that first looks the
source text up in a table of code objects compiled by an earlier run, and compiles only text
it has not seen. The same text compiles to the same code object, so every class is exactly
what dataclasses makes without the table.

The table is kept like byte-code: in the package's `__pycache__` (or under
`PYTHONPYCACHEPREFIX`), one file per interpreter version, written (atomically, at exit) only
when something new was compiled and byte-code writing is on. A file that cannot be read or
written is ignored. Python 3.13 compiles all methods of a class in one go; there, and in the
built program (modules from an archive), this does nothing.
"""
from __future__ import annotations

import os
import sys

LIMIT = 4000            # entries; beyond that the table keeps only what this run used

_table: dict = {}
_used: set = set()
_new = False


def cache_file() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    name = f"dataclasses.{sys.implementation.cache_tag}.marshal"
    if sys.pycache_prefix:
        return os.path.join(sys.pycache_prefix, here.lstrip(os.sep), name)
    return os.path.join(here, "__pycache__", name)


def install(path: str | None = None) -> bool:
    """Use (and at exit update) the table at `path` (default `cache_file()`); False when this
    interpreter needs no table."""
    if sys.version_info >= (3, 13) or getattr(sys, "frozen", False) or \
            sys.implementation.cache_tag is None:
        return False
    import atexit
    import dataclasses
    if not hasattr(dataclasses, "_create_fn"):
        return False
    path = path or cache_file()
    _table.clear()
    _table.update(_read(path))
    dataclasses.exec = _exec          # the module's global `exec`, used only by _create_fn
    atexit.register(save, path)
    return True


def defer(*names: str) -> None:
    """Let modules a short command imports but does not use be imported without running them.

    dataclasses imports `inspect` (~5 ms, with dis and tokenize) only to write a docstring for
    a class that has none, and the classes a short command makes all have one, and `copy`
    (with weakref) for `asdict` and `astuple`; reportlab
    imports `tempfile` (with shutil, bz2, lzma and random, ~2.5 ms) and `textwrap` for
    functions no sheet calls. `sys.modules[name]` becomes a stand-in whose first attribute
    lookup imports the real module (and from then on reads from it), so whatever does use one
    gets it. (importlib's LazyLoader does not serve: `import inspect` reads the module's
    `__spec__`, which loads it.) For the command line only; a module already imported is left.
    """
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = _Deferred(name)


class _Deferred(type(sys)):
    def __getattr__(self, name: str):
        if name == "__path__":                   # asked by the import system: not a package
            raise AttributeError(name)
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            import importlib
            del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
        return getattr(real, name)


def uninstall() -> None:
    import atexit
    import dataclasses
    if getattr(dataclasses, "exec", None) is _exec:
        del dataclasses.exec
    atexit.unregister(save)


def _read(path: str) -> dict:
    import marshal
    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _exec(source, globals=None, locals=None):
    code = _table.get(source) if isinstance(source, str) else None
    if type(code) is not _CODE:
        global _new
        code = compile(source, "<string>", "exec")
        if isinstance(source, str):
            _table[source] = code
            _new = True
    if isinstance(source, str):
        _used.add(source)
    exec(code, globals, locals)


_CODE = type(_exec.__code__)


def save(path: str) -> None:
    """Write the table if this run compiled something new (not when byte-code writing is off)."""
    global _new
    if not _new or sys.dont_write_bytecode:
        return
    import marshal
    table = _table if len(_table) <= LIMIT else {k: _table[k] for k in _used if k in _table}
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(table))
        os.replace(tmp, path)
        _new = False
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
