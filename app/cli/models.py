"""``curbside models``: list, fetch, verify, inspect, import and remove models.

Every subcommand prints plain lines to stdout (or one JSON document with
``--json``) and lets a :class:`~app.errors.KnownError` reach the dispatcher,
which prints it as one clear line on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.errors import FetchError, ModelError
from app.fetch import fetch_model
from app.model_registry import KnownModel, ModelRegistry, mismatch_error


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


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


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
        print(f"{mark} {model.name:<{width}}  {model.status:<8}  {size:>9}  {model.path}")
    print("(* default model)")
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
    print(path)
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
    print(f"verified  {checked.path}  sha256 {digest}")
    return 0


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
