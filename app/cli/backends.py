"""``curbside backends``: the unit's remote inference servers.

``add NAME --url URL`` stores a server (replacing one of the same name);
its key is read from ``--api-key-file`` (or ``CURBSIDE_API_KEY``) into the OS
keychain, never taken on the command line. Where no keychain is usable the key
goes into the passphrase-protected key file instead (``--passphrase-file``, or
a prompt on a terminal). ``list`` shows them (``--json``
for scripts), ``remove`` forgets one and its key, ``test`` connects and
prints the latency and the server's models.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from curbside.cli.common import passphrase_option
from curbside.cli.key_passphrase import key_passphrase
from curbside.errors import InputError
from curbside.remote import (
    API_SHAPES,
    AUTH_STYLES,
    Backend,
    BackendStore,
    check_connection,
    check_transport,
    delete_key,
    has_key,
    key_place,
    parse_auth,
    resolve_backend,
    resolve_key,
    store_key,
)
from curbside.remote.secrets import key_from_env, read_key_file


def register(subparsers: Any) -> None:
    """Add the ``backends`` subcommand and its actions."""
    parser = subparsers.add_parser(
        "backends", help="remote inference servers (llama-server, vLLM, Ollama, Azure)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    keys = passphrase_option("remote key file (used only where no keychain is usable)")
    add = actions.add_parser(
        "add", help="add or replace a server", allow_abbrev=False, parents=[keys]
    )
    add.add_argument("name")
    add.add_argument("--url", required=True, help="base URL, e.g. https://gpu.example.org/v1")
    add.add_argument("--model", default="", help="model, or the Azure deployment name")
    add.add_argument("--auth", choices=AUTH_STYLES, default="none")
    add.add_argument("--api-key-file", metavar="F", help="read the key from F ('-' stdin)")
    add.add_argument("--context", type=int, default=4096, help="the server's context size")
    add.add_argument("--ca-bundle", metavar="PEM", help="extra trusted CAs (hospital PKI)")
    add.add_argument("--api-version", default=None, help="Azure api-version (YYYY-MM-DD[-preview])")
    add.add_argument(
        "--api-shape",
        choices=API_SHAPES,
        default="auto",
        help="URL shape: openai, azure-deployment (Azure OpenAI), foundry (Azure AI Foundry "
        "https://RES.services.ai.azure.com/models); auto decides from --url and --auth",
    )
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="list the servers")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    remove = actions.add_parser("remove", help="forget a server and its key")
    remove.add_argument("name")
    remove.set_defaults(handler=_remove)
    test = actions.add_parser(
        "test", help="connect; show latency and models", allow_abbrev=False, parents=[keys]
    )
    test.add_argument("name", metavar="NAME_OR_URL")
    test.add_argument("--api-key-file", metavar="F")
    test.set_defaults(handler=_test)


def _add(args: argparse.Namespace) -> int:
    values: dict[str, Any] = {
        "name": args.name,
        "url": args.url,
        "model": args.model,
        "auth": parse_auth(args.auth),
        "n_ctx": args.context,
        "ca_bundle": args.ca_bundle,
        "shape": args.api_shape,
    }
    if args.api_version:
        values["api_version"] = args.api_version
    backend = Backend(**values).validate()
    check_transport(backend)
    key = read_key_file(args.api_key_file) if args.api_key_file else key_from_env()
    if backend.auth != "none" and key is None and not has_key(backend.name):
        raise InputError(
            f"The {backend.auth} server {backend.name} needs an API key.",
            "Pass --api-key-file FILE (or set CURBSIDE_API_KEY); keys never go on the "
            "command line.",
        )
    place = None if key is None else store_key(backend.name, key, key_passphrase(args))
    BackendStore().add(backend)
    kept = {
        None: "",
        "keychain": "; key kept in the system keychain",
        "passphrase file": "; key kept in the passphrase-protected key file",
    }[place]
    print(f"Added {backend.name} ({backend.url}, {backend.api_shape}, auth {backend.auth}){kept}.")
    return 0


def _list(args: argparse.Namespace) -> int:
    rows = [_row(backend) for backend in BackendStore().all()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No remote servers. Add one with `curbside backends add NAME --url URL`.")
        return 0
    for row in rows:
        key = f"key in {row['key_place']}" if row["key_stored"] else "no key"
        model = row["model"] or "(server default)"
        print(
            f"{row['name']}\t{row['url']}\t{model}\tauth {row['auth']}\t"
            f"{row['n_ctx']:,} tokens\t{key}"
        )
    return 0


def _row(backend: Backend) -> dict[str, Any]:
    return {
        "name": backend.name,
        "url": backend.url,
        "model": backend.model,
        "auth": backend.auth,
        "shape": backend.api_shape,
        "n_ctx": backend.n_ctx,
        "ca_bundle": backend.ca_bundle,
        "key_stored": has_key(backend.name),
        "key_place": key_place(backend.name),
    }


def _remove(args: argparse.Namespace) -> int:
    if not BackendStore().remove(args.name):
        raise InputError(f"No remote server is called '{args.name}'.")
    delete_key(args.name)
    print(f"Removed {args.name} and its key.")
    return 0


def _test(args: argparse.Namespace) -> int:
    backend = resolve_backend(args.name)
    key = resolve_key(backend, api_key_file=args.api_key_file, passphrase=key_passphrase(args))
    report = check_connection(backend, key)
    print(report.summary(backend))
    return 0 if report.model_listed else 1
