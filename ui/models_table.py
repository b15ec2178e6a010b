"""What the Models window's table and hardware panel say, as plain text (no widgets here).

Kept apart from the window so the wording of each cell can be read and
tested on its own.
"""

from __future__ import annotations

from curbside.models import Hardware, KnownModel, ModelInfo, RamEstimate, gib

COLUMNS = (
    "Loaded",
    "Name",
    "Architecture",
    "Params",
    "Quant.",
    "Size",
    "Trained ctx",
    "Licence",
    "Template",
    "Integrity",
    "RAM · fit",
)
LOADED_MARK = "● loaded"
_INTEGRITY = {
    "verified": "✔ verified",
    "unknown": "? unknown",
    "mismatch": "✘ MISMATCH",
    "missing": "missing",
}


def row_cells(
    model: KnownModel, info: ModelInfo | str | None, estimate: RamEstimate | None, loaded: bool
) -> list[str]:
    """Return the table cells for one model, in :data:`COLUMNS` order."""
    name = f"{model.name} (default)" if model.is_default else model.name
    size = gib(model.path.stat().st_size) if model.present else "—"
    if isinstance(info, ModelInfo):
        facts = [
            info.architecture or "?",
            info.parameters_label,
            info.quantization,
            size,
            f"{info.context_length:,}" if info.context_length else "?",
            info.license or _entry_licence(model),
            "yes" if info.has_chat_template else "no",
        ]
    else:
        entry = model.entry
        unreadable = "unreadable" if isinstance(info, str) else ""
        facts = [
            unreadable or (entry.architecture if entry else ""),
            entry.parameters if entry else "",
            entry.quantization if entry else "",
            size,
            f"{entry.context_length:,}" if entry and entry.context_length else "",
            _entry_licence(model),
            "",
        ]
    ram = f"{gib(estimate.total)} · {estimate.verdict}" if estimate else ""
    return [LOADED_MARK if loaded else "", name, *facts, _INTEGRITY[model.status], ram]


def cell_warns(text: str) -> str | None:
    """Return a colour name for a cell that must catch the eye, else None."""
    if "MISMATCH" in text or "will not fit" in text or text == "unreadable":
        return "#b00020"
    return "#a05a00" if "tight" in text else None


def _entry_licence(model: KnownModel) -> str:
    return model.entry.license if model.entry else ""


def hardware_text(
    hardware: Hardware, estimate: RamEstimate | None, threads_in_use: str | None = None
) -> str:
    """Return the hardware panel's text, with the selected model's estimate if known."""
    features = ", ".join(hardware.cpu_features) or "none reported (llama.cpp not available)"
    lines = [
        f"CPU features llama.cpp uses: {features}",
        f"Cores: {hardware.physical_cores} physical, {hardware.logical_cores} logical, "
        f"{hardware.usable_cpus} usable; default threads: {hardware.default_threads}",
        f"Memory: {gib(hardware.total_ram)} in all, {gib(hardware.available_ram)} available",
    ]
    if threads_in_use is not None:
        lines.append(f"Threads used by the loaded model: {threads_in_use}")
    if estimate is not None:
        lines.append(f"Selected model {estimate.describe()}: {estimate.verdict}.")
    return "\n".join(lines)


def details_text(model: KnownModel | None, info: ModelInfo | str | None) -> str:
    """Return the details shown under the table for ``model``."""
    if model is None:
        return "Choose a model to see its details."
    lines = [f"{model.name} — {model.path}"]
    if isinstance(info, str):
        lines.append(f"Cannot read this file: {info}")
    elif isinstance(info, ModelInfo):
        lines += [f"Cannot load: {p}" for p in info.problems()]
        lines += [f"Note: {w}" for w in info.warnings()]
    if model.entry is not None and model.entry.notes:
        lines.append(model.entry.notes)
    return "\n".join(lines)
