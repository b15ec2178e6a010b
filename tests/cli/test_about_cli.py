"""``curbside about``: version, install kind, and the llama.cpp CPU variants."""

from __future__ import annotations

import json

from curbside import __version__

from tests.cli.conftest import Runner


def test_about_json_describes_a_source_install_with_a_native_build(curbside: Runner) -> None:
    done = curbside("about", "--json")
    assert done.returncode == 0, done.stderr
    about = json.loads(done.stdout)
    assert about["version"] == __version__
    assert about["install"] == "source"
    assert about["llama_cpp_python"]
    # The development venv's llama.cpp is a native build: one CPU backend, built in.
    assert about["cpu_backends"] == {"carried": [], "chosen": None, "scores": {}}
    assert about["bundled_models_dir"] is None


def test_about_lines_say_the_build_is_not_portable(curbside: Runner) -> None:
    done = curbside("about")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert f"curbside:         {__version__} (source)" in out
    assert "CPU variants:     one, built in (not a portable build)" in out
