"""The core never imports Qt: every module under app/ is imported in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import curbside


def test_no_app_module_imports_pyside6() -> None:
    modules = sorted(
        info.name
        for info in pkgutil.walk_packages(curbside.__path__, prefix="curbside.")
        if not info.name.endswith("__main__")
    )
    assert "curbside.engine.llama" in modules and "curbside.cli" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
