"""Where Curbside keeps its files.

* Data directory (history database, key sidecar, lock file):
  ``$CURBSIDE_HOME`` if set, else the platform's user data directory.
* Config directory (settings with no patient data): ``$CURBSIDE_HOME/config``
  when ``CURBSIDE_HOME`` is set, else the platform's user config directory.
* Cache directory (derived public data such as place-name lists):
  ``$CURBSIDE_HOME/cache`` when set, else the platform's user cache directory.
* Models directory: ``$CURBSIDE_MODELS_DIR`` if set, else ``models/`` when
  running from a source checkout, else ``<data dir>/models``. A frozen bundle
  also carries its default model read-only in ``<bundle>/models``
  (:func:`bundled_models_dir`), so it needs no fetch.
* The model catalog is package data (``curbside/data/catalog.json`` in a wheel
  or a bundle, mapped from ``models/catalog.json`` by pyproject.toml), read from
  the source tree's ``models/`` in a checkout.

The environment variables let tests, demos and pilots run against a throwaway
profile without touching a real one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

import platformdirs

APP_NAME = "Curbside"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The installed ``curbside`` package (``app/`` in a checkout)."""
SOURCE_ROOT = Path(__file__).resolve().parents[2]
"""The directory holding ``app/`` (this file is ``app/infra/paths.py``).

It is a source checkout when it has ``pyproject.toml``.
"""


def is_source_checkout() -> bool:
    """Return True when running from a source tree (not an installed wheel)."""
    return (SOURCE_ROOT / "pyproject.toml").is_file() and (SOURCE_ROOT / "models").is_dir()


def is_frozen() -> bool:
    """Return True inside a PyInstaller bundle (no Python interpreter of its own)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def install_kind() -> Literal["bundle", "source", "wheel"]:
    """Return how this Curbside was installed."""
    if is_frozen():
        return "bundle"
    return "source" if is_source_checkout() else "wheel"


def bundled_models_dir() -> Path | None:
    """Return the read-only models folder a bundle carries, or None outside a bundle."""
    if not is_frozen():
        return None
    return Path(getattr(sys, "_MEIPASS", "")) / "models"


def data_dir() -> Path:
    """Return the data directory (not created)."""
    override = os.environ.get("CURBSIDE_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the configuration directory (not created)."""
    override = os.environ.get("CURBSIDE_HOME")
    if override:
        return Path(override).expanduser() / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Return the cache directory (derived public data only, never patient text)."""
    override = os.environ.get("CURBSIDE_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Return the directory where model files are looked for and fetched to."""
    override = os.environ.get("CURBSIDE_MODELS_DIR")
    if override:
        return Path(override).expanduser()
    if is_source_checkout():
        return SOURCE_ROOT / "models"
    return data_dir() / "models"


def catalog_path() -> Path:
    """Return the model catalog: the package's data file, or the source tree's."""
    installed = PACKAGE_ROOT / "data" / "catalog.json"
    if installed.is_file():
        return installed
    return SOURCE_ROOT / "models" / "catalog.json"
