"""Which llama.cpp build answers: the versions the audit trail records with a model load.

Importing llama-cpp-python loads its shared libraries, so this is called only
where the engine is (or is about to be) loaded anyway.
"""

from __future__ import annotations


def engine_versions() -> dict[str, str]:
    """Return ``llama_cpp_python`` and ``llama_cpp`` (the library's own version string)."""
    try:
        import llama_cpp
        from llama_cpp import llama_cpp as native

        library = native.llama_version()
        text = library.decode("utf-8", "replace") if isinstance(library, bytes) else str(library)
        return {"llama_cpp_python": str(llama_cpp.__version__), "llama_cpp": text}
    except (ImportError, OSError, AttributeError) as exc:
        return {
            "llama_cpp_python": "unavailable",
            "llama_cpp": f"unavailable ({type(exc).__name__})",
        }
