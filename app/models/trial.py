"""The trial load: open a model file with llama.cpp in a throwaway child process.

Started by :func:`curbside.models.probe.trial_load` through
:func:`curbside.infra.children.child_command` (``python -m curbside.models.trial
FILE``, or ``curbside --curbside-child trial-load FILE`` in a bundle). Prints
``ok`` and exits 0 when llama.cpp opens the file; otherwise prints why (at most
300 characters) and exits 3. If llama.cpp aborts, only this process dies.
"""

from __future__ import annotations

import sys

FAILED = 3


def main(argv: list[str]) -> int:
    """Open ``argv[0]`` with a tiny context; return 0 if llama.cpp accepts it."""
    if len(argv) != 1:
        print("usage: trial-load MODEL.gguf", file=sys.stderr)
        return 2
    import llama_cpp
    from curbside.engine import llama_log, load_cpu_backend

    llama_log.silence()  # first: loading a CPU variant logs a line too
    load_cpu_backend()
    llama_log.clear()
    try:
        llama_cpp.Llama(model_path=argv[0], n_ctx=64, n_batch=8, n_threads=1, verbose=False)
    except Exception as exc:  # llama-cpp-python raises ValueError and others
        print((llama_log.last_error() or str(exc))[:300])
        return FAILED
    print("ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
