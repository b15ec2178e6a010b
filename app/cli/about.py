"""``curbside about``: what is installed, how, and which llama.cpp CPU code this machine runs.

For an IT admin checking a deployment (and for the bundle's smoke test): the
version, whether this is a source checkout, a wheel or a frozen bundle, where
the program, the data and the models live, and the llama.cpp CPU variants the
build carries with the one chosen for this CPU. Nothing here reads patient data.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from importlib import metadata
from typing import Any

from curbside import __version__
from curbside.infra import paths


def register(subparsers: Any) -> None:
    """Add the ``about`` subcommand."""
    parser = subparsers.add_parser("about", help="version, install kind, llama.cpp CPU variants")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=cmd_about)


def facts() -> dict[str, Any]:
    """Return the installation's facts as a JSON-ready dict."""
    from curbside.engine import llama_log, load_cpu_backend

    llama_log.silence()  # llama.cpp would print "loaded CPU backend" on stderr
    backends = load_cpu_backend()
    bundled = paths.bundled_models_dir()
    return {
        "version": __version__,
        "install": paths.install_kind(),
        "program": sys.executable,
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
        "llama_cpp_python": _version_of("llama-cpp-python"),
        "cpu_backends": {
            "carried": list(backends.carried),
            "chosen": backends.chosen,
            "scores": backends.scores,
        },
        "data_dir": str(paths.data_dir()),
        "models_dir": str(paths.models_dir()),
        "bundled_models_dir": str(bundled) if bundled else None,
    }


def cmd_about(args: argparse.Namespace) -> int:
    """Print the facts, as lines or one JSON document."""
    found = facts()
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    backends = found["cpu_backends"]
    carried = ", ".join(backends["carried"]) or "one, built in (not a portable build)"
    lines = {
        "curbside": f"{found['version']} ({found['install']})",
        "program": found["program"],
        "python": f"{found['python']} on {found['platform']}",
        "llama.cpp": f"llama-cpp-python {found['llama_cpp_python']}",
        "CPU variants": carried,
        "CPU variant used": backends["chosen"] or "-",
        "data": found["data_dir"],
        "models": found["models_dir"],
    }
    if found["bundled_models_dir"]:
        lines["bundled models"] = found["bundled_models_dir"]
    for key, value in lines.items():
        print(f"{key + ':':<18}{value}")
    return 0


def _version_of(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
