"""``curbside models``: list, fetch, verify, inspect, import and remove models.

Every subcommand prints plain lines to stdout (or one JSON document with
``--json``) and lets a :class:`~curbside.errors.KnownError` reach the dispatcher,
which prints it as one clear line on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from curbside.cli.terminal import print_out
from curbside.cli.terminal import usage as _usage
from curbside.errors import FetchError, ModelError
from curbside.models.fetch import fetch_model
from curbside.models.gguf_meta import MAX_KEPT_STRING
from curbside.models.hardware import RamEstimate, estimate_ram, gib
from curbside.models.importing import import_model
from curbside.models.info import ModelInfo, display, read_model_info
from curbside.models.registry import KnownModel, ModelRegistry, mismatch_error
from curbside.models.settings import SettingsStore


def register(subparsers: Any) -> None:
    """Add the ``models`` command and its subcommands to ``subparsers``."""
    parser = subparsers.add_parser("models", help="list, fetch, verify and import GGUF models")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")

    listing = sub.add_parser("list", help="show known models and their integrity")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=cmd_list)

    fetch = sub.add_parser("fetch", help="fetch and verify a catalog model (default: the demo)")
    fetch.add_argument("name", nargs="?", help="catalog id or name (default: the default model)")
    fetch.add_argument("--force", action="store_true", help="download again even if present")
    fetch.set_defaults(handler=cmd_fetch)

    verify = sub.add_parser("verify", help="check a model's size and SHA-256")
    verify.add_argument("name", nargs="?", help="model name, id or path (default: the default)")
    verify.set_defaults(handler=cmd_verify)

    info = sub.add_parser("info", help="show a GGUF file's metadata (weights are not loaded)")
    info.add_argument("path", help="model file, or a known model's name")
    info.add_argument("--n-ctx", type=int, help="context size for the RAM estimate")
    info.add_argument("--json", action="store_true", help="print one JSON document")
    info.set_defaults(handler=cmd_info)

    imp = sub.add_parser("import", help="check, hash and record a GGUF file")
    imp.add_argument("path", help="the .gguf file")
    imp.add_argument("--copy", action="store_true", help="copy it into the models directory")
    imp.set_defaults(handler=cmd_import)

    remove = sub.add_parser("remove", help="forget an imported model")
    remove.add_argument("name", help="model name, id or path")
    remove.add_argument(
        "--delete-file", action="store_true", help="also delete a file in the models directory"
    )
    remove.set_defaults(handler=cmd_remove)


def cmd_list(args: argparse.Namespace) -> int:
    """Print every known model with its size, integrity and path."""
    models = ModelRegistry().models()
    if args.json:
        print(json.dumps([model_json(m) for m in models], indent=2))
        return 0
    width = max((len(m.name) for m in models), default=4)
    for model in models:
        mark = "*" if model.is_default else " "
        size = _size(model.path.stat().st_size) if model.present else "-"
        print_out(f"{mark} {model.name:<{width}}  {model.status:<8}  {size:>9}  {model.path}")
    print_out("(* default model)")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch a catalog model, verify it, and print where it is."""
    registry = ModelRegistry()
    catalog = registry.catalog
    entry = catalog.find(args.name) if args.name else catalog.default()
    if entry is None:
        raise FetchError(
            f"The catalog has no model called {args.name!r}.",
            "Run `curbside models list` to see the catalog.",
        )
    path = fetch_model(entry, registry.models_dir, force=args.force)
    if entry.sha256 is not None:
        registry.record_hash(path, entry.sha256)
    print_out(path)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Hash a model and compare it with the catalog or its recorded import hash."""
    registry = ModelRegistry()
    model = registry.find(args.name) if args.name else registry.default()
    if not model.present:
        raise ModelError(
            f"Model file not found: {model.path}",
            "Run `curbside models fetch` for the default model, or import the file again.",
        )
    checked = registry.verify(model, progress=_progress_printer())
    _clear_progress()
    if checked.status == "mismatch":
        raise mismatch_error(checked)
    digest = registry.recorded_sha256(checked.path)
    if checked.status != "verified":
        raise ModelError(
            f"{checked.path.name} has no known SHA-256 to check against (it is {digest}).",
            f"Import it with `curbside models import {checked.path}` to record this hash.",
        )
    print_out(f"verified  {checked.path}  sha256 {digest}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """Print what a GGUF file says about itself, its RAM estimate and any problems."""
    registry = ModelRegistry()
    path = Path(args.path).expanduser()
    if not path.exists() and not path.suffix:
        path = registry.find(args.path).path
    info = read_model_info(path)
    settings = SettingsStore().get(path, info)
    estimate = estimate_ram(info, args.n_ctx or settings.n_ctx)
    facts = info_facts(info, args.n_ctx or settings.n_ctx, estimate)
    if args.json:
        print(json.dumps(facts, indent=2))
        return 0
    for key, value in facts.items():
        if isinstance(value, list):
            for item in value:
                print_out(f"{key + ':':<18}{item}")
        elif value is not None:
            print_out(f"{key + ':':<18}{value}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a GGUF file (in place, or copied with ``--copy``) and print its path and hash."""
    registry = ModelRegistry()
    result = import_model(
        Path(args.path), copy=args.copy, registry=registry, progress=_progress_printer()
    )
    _clear_progress()
    digest = registry.recorded_sha256(result.model.path)
    how = "copied to" if args.copy else "referenced at"
    print_out(f"imported  {result.info.name}  {how} {result.model.path}  sha256 {digest}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Forget an imported model; delete its file only if asked and it is Curbside's copy."""
    registry = ModelRegistry()
    model = registry.find(args.name)
    inside = model.path.parent.absolute() == registry.models_dir.absolute()
    if args.delete_file and not inside:
        raise ModelError(
            f"{model.path} is outside the models directory; Curbside never deletes it.",
            "Remove it without --delete-file to forget it, and delete the file yourself.",
        )
    if not registry.forget(model) and not (args.delete_file and model.present):
        raise ModelError(f"{model.name} is not an imported model.", _REMOVE_HINT)
    SettingsStore().reset(model.path)
    if args.delete_file:
        model.path.unlink(missing_ok=True)
        print_out(f"removed  {model.name}  (deleted {model.path})")
    elif inside and model.present:
        print_out(
            f"forgot  {model.name}  (the file stays in {registry.models_dir} and stays listed;"
            " add --delete-file to delete it)"
        )
    else:
        print_out(f"forgot  {model.name}  (the file {model.path} was not touched)")
    return 0


_REMOVE_HINT = "Only imported models can be forgotten; use --delete-file for a models-dir file."


def info_facts(info: ModelInfo, n_ctx: int, estimate: RamEstimate) -> dict[str, Any]:
    """Return ``info`` as ordered, display-safe facts (used by ``models info``)."""
    return {
        "file": str(info.path),
        "size": info.file_size,
        "name": info.name,
        "architecture": display(info.architecture or "unknown"),
        "parameters": info.parameters_label,
        "quantization": info.quantization,
        "context": info.context_length,
        "layers": info.n_layer,
        "heads": info.n_head,
        "kv heads": max(info.n_head_kv) if info.n_head_kv else None,
        "vocabulary": info.vocab_size,
        "licence": info.license,
        "chat template": _template_fact(info),
        "ram estimate": f"{gib(estimate.total)} at {n_ctx:,} tokens: {estimate.verdict}",
        "problems": info.problems(),
        "warnings": info.warnings(),
    }


def _template_fact(info: ModelInfo) -> str:
    skipped = info.chat_template_skipped
    if skipped is not None:
        return (
            f"yes, too large to show ({skipped:,} bytes; Curbside reads up to {MAX_KEPT_STRING:,})"
        )
    template = info.chat_template or ""
    return f"yes ({len(template):,} characters)" if template.strip() else "no"


def model_json(model: KnownModel) -> dict[str, Any]:
    """Return a JSON-ready description of ``model`` (used by ``list --json``)."""
    return {
        "name": model.name,
        "id": model.entry.id if model.entry else None,
        "path": str(model.path),
        "origin": model.origin,
        "default": model.is_default,
        "status": model.status,
        "size": model.path.stat().st_size if model.present else None,
        "expected_size": model.expected_size,
        "expected_sha256": model.expected_sha256,
    }


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"  # pragma: no cover - loop always returns


def _progress_printer() -> Any:
    """Return a progress callback drawing a percentage on a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        print(f"\rhashing… {percent:3d}%", end="", file=sys.stderr, flush=True)

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r" + " " * 20 + "\r", end="", file=sys.stderr, flush=True)
