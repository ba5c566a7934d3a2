"""qjtasks.pdf package: the printed sheets (data → blocks → layout → reportlab)."""
from __future__ import annotations

import sys


def defer_pil() -> None:
    """Let reportlab import PIL.Image without running it until it is used.

    reportlab.lib.utils imports PIL.Image unconditionally (8 ms of a one-off `qjtasks print`),
    but no sheet draws an image. The module is handed to importlib's LazyLoader, so code that
    does use it gets the real module on its first attribute access. Only for the command line:
    Python 3.11's LazyLoader is not safe when two threads touch the module first at once. Does
    nothing if PIL.Image is already imported or cannot be found.
    """
    if "PIL.Image" in sys.modules:
        return
    import importlib.util
    try:
        spec = importlib.util.find_spec("PIL.Image")
        if spec is None or spec.loader is None:
            return
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules["PIL.Image"] = module
        spec.loader.exec_module(module)
        sys.modules["PIL"].Image = module
    except Exception:  # noqa: BLE001 - an unusual importer: import PIL.Image normally later
        sys.modules.pop("PIL.Image", None)
