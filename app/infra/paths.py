"""Where Curbside keeps its files.

* Data directory (history database, key sidecar, lock file):
  ``$CURBSIDE_HOME`` if set, else the platform's user data directory.
* Config directory (settings with no patient data): ``$CURBSIDE_HOME/config``
  when ``CURBSIDE_HOME`` is set, else the platform's user config directory.
* Cache directory (derived public data such as place-name lists):
  ``$CURBSIDE_HOME/cache`` when set, else the platform's user cache directory.
* Models directory: ``$CURBSIDE_MODELS_DIR`` if set, else ``models/`` when
  running from a source checkout, else ``<data dir>/models``.

The environment variables let tests, demos and pilots run against a throwaway
profile without touching a real one.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Curbside"
SOURCE_ROOT = Path(__file__).resolve().parents[2]
"""The directory holding ``app/`` (this file is ``app/infra/paths.py``).

It is a source checkout when it has ``pyproject.toml``.
"""


def is_source_checkout() -> bool:
    """Return True when running from a source tree (not an installed wheel)."""
    return (SOURCE_ROOT / "pyproject.toml").is_file() and (SOURCE_ROOT / "models").is_dir()


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
    """Return the path of the bundled model catalog."""
    return SOURCE_ROOT / "models" / "catalog.json"
