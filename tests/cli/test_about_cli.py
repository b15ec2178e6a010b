"""``curbside about``: version, install kind, and the llama.cpp CPU variants."""

from __future__ import annotations

import json

from curbside import __version__

from tests.cli.conftest import Runner


def test_about_json_describes_a_source_install(curbside: Runner) -> None:
    done = curbside("about", "--json")
    assert done.returncode == 0, done.stderr
    about = json.loads(done.stdout)
    assert about["version"] == __version__
    assert about["install"] == "source"
    assert about["llama_cpp_python"]
    backends = about["cpu_backends"]
    if backends["carried"]:  # the Makefile's portable build: one variant chosen, never AMX
        assert backends["chosen"] in backends["carried"]
        assert backends["chosen"] != "sapphirerapids"
    else:  # a native build: one CPU backend, built in
        assert backends == {"carried": [], "chosen": None, "scores": {}}
    assert about["bundled_models_dir"] is None


def test_about_lines_say_which_cpu_variants_the_build_carries(curbside: Runner) -> None:
    done = curbside("about")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert f"curbside:         {__version__} (source)" in out
    line = next(text for text in out.splitlines() if text.startswith("CPU variants:"))
    assert "one, built in (not a portable build)" in line or "haswell" in line
