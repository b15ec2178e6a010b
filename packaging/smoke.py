"""Smoke-test a built bundle the way a clinician's machine would run it.

Unpacks the ``.tar.gz`` (or takes a bundle folder) into a temporary directory
and runs the bundle's own program with a clean environment (on Linux
``HOME=<temp> PATH=/usr/bin:/bin`` and nothing else, as ``env -i`` would):

* ``curbside --version`` (timed: the command line's cold and warm start);
* ``curbside about --json``: the llama.cpp CPU variants carried, the one chosen;
* ``curbside models list``: the bundled default model is found, no fetch needed;
* ``curbside ask --json`` on the bundled model, saved to a real encrypted
  history (passphrase file, since a clean environment has no keychain), which
  also runs the model preflight and so the hidden trial-load entry point;
* ``curbside models info`` on a hostile file: one clear line, no traceback;
* the trial load itself on a good and on a hostile model (a crash stays in the child);
* the window, offscreen, up to the first top-level window (timed); and under
  Xvfb through the xcb platform plugin and the bundled xcb libraries, when
  ``Xvfb`` is installed;
* ``install.sh --user`` into a clean HOME, the installed command, the
  ``.desktop`` entry (``desktop-file-validate`` when installed), ``uninstall.sh``.

Used by ``tests/packaging/test_bundle_smoke.py`` (``make test``, ``.ci/run``) and
by release.yml. ``python packaging/smoke.py ARCHIVE_OR_FOLDER`` prints one JSON
document with every result and exits 1 if any check failed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHILD_FLAG = "--curbside-child"  # curbside.infra.children.CHILD_FLAG
TIMEOUT = 300.0


@dataclass
class Bundle:
    """An unpacked bundle and the clean environment its program runs in."""

    root: Path
    program: Path
    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **extra: str) -> dict[str, str]:
        """Return a clean environment: HOME, PATH, and only what a check adds."""
        env = {"HOME": str(self.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        if os.name == "nt":  # Windows cannot start a process without these
            env = {k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ}
            env.update(USERPROFILE=str(self.home), LOCALAPPDATA=str(self.home / "AppData"))
        env.update(self.extra_env)
        env.update(extra)
        return env

    def run(
        self, *args: str, timeout: float = TIMEOUT, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """Run the bundle's program with ``args`` in the clean environment."""
        return subprocess.run(
            [str(self.program), *args],
            env=self.env(**extra),
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@contextmanager
def unpacked(source: Path) -> Iterator[Bundle]:
    """Yield the bundle unpacked (or copied) into a fresh temporary directory."""
    with tempfile.TemporaryDirectory(prefix="curbside-smoke-") as tmp:
        work = Path(tmp)
        if source.is_file():
            with tarfile.open(source) as tar:
                tar.extractall(work / "unpacked", filter="tar")
            (top,) = (work / "unpacked").iterdir()
        else:
            top = work / "unpacked" / source.name
            shutil.copytree(source, top, symlinks=True)
        home = work / "home"
        home.mkdir()
        yield Bundle(root=top, program=program_in(top), home=home)


def program_in(top: Path) -> Path:
    """Return the bundle's program inside an unpacked release or bundle folder."""
    for candidate in (
        top / "curbside" / "curbside",  # Linux release folder
        top / "curbside",  # bare PyInstaller folder (Linux)
        top / "curbside.exe",  # Windows
        top / "Contents" / "MacOS" / "curbside",  # macOS .app
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no curbside program in {top}")


def hostile_copy(model: Path, dest: Path) -> Path:
    """Write a copy of ``model`` whose layer count is 0 (llama.cpp asserts on it)."""
    data = bytearray(model.read_bytes())
    key = b"llama.block_count"
    at = data.find(struct.pack("<Q", len(key)) + key)
    if at < 0:
        raise ValueError(f"{model.name} has no llama.block_count")
    value_at = at + 8 + len(key) + 4  # after the key and its uint32 type tag
    data[value_at : value_at + 4] = struct.pack("<I", 0)
    dest.write_bytes(bytes(data))
    return dest


def check_version(bundle: Bundle) -> dict[str, object]:
    """``--version`` answers, and how long the program takes to start (cold, warm)."""
    times = []
    for _ in range(4):
        started = time.perf_counter()
        result = bundle.run("--version")
        times.append(time.perf_counter() - started)
        _expect(result.returncode == 0 and result.stdout.startswith("curbside "), result)
    warm = times[1:]
    return {
        "version": result.stdout.strip(),
        "cold_s": round(times[0], 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_range_s": [round(min(warm), 3), round(max(warm), 3)],
    }


def check_about(bundle: Bundle) -> dict[str, object]:
    """The bundle reports the CPU variants it carries and the one it chose."""
    result = bundle.run("about", "--json")
    _expect(result.returncode == 0, result)
    about = json.loads(result.stdout)
    backends = about["cpu_backends"]
    if sys.platform.startswith("linux") or os.name == "nt":
        _expect(len(backends["carried"]) >= 2, result, "fewer than two CPU variants carried")
        _expect(backends["chosen"] in backends["carried"], result, "chosen variant not carried")
    _expect(about["install"] == "bundle", result, "not reported as a bundle")
    return {"install": about["install"], "cpu_backends": backends}


def check_models_list(bundle: Bundle) -> dict[str, object]:
    """The default model is present inside the bundle: nothing to fetch."""
    result = bundle.run("models", "list", "--json")
    _expect(result.returncode == 0, result)
    (default,) = [m for m in json.loads(result.stdout) if m.get("default")]
    path = Path(default["path"])
    _expect(default["status"] != "missing", result, "default model missing")
    _expect(bundle.root in path.parents, result, "default model is not the bundled one")
    fetch = bundle.run("models", "fetch")
    _expect(fetch.returncode == 0 and fetch.stdout.strip() == str(path), fetch)
    return {"default": default["name"], "path": str(path.relative_to(bundle.root))}


def check_ask(bundle: Bundle) -> dict[str, object]:
    """A short answer from the bundled model, saved to a real encrypted history."""
    secret = bundle.home / "passphrase.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    question = "List two causes of chest pain."
    started = time.perf_counter()
    result = bundle.run(
        "ask", question, "--json", "--max-tokens", "12", "--passphrase-file", str(secret)
    )
    seconds = time.perf_counter() - started
    _expect(result.returncode == 0, result)
    answer = json.loads(result.stdout)
    _expect(bool(answer["answer"].strip()), result, "empty answer")
    listing = bundle.run("history", "list", "--passphrase-file", str(secret))
    _expect(listing.returncode == 0 and "chest pain" in listing.stdout.lower(), listing)
    return {"seconds": round(seconds, 2), "usage": answer["usage"], "model": answer["model"]}


def check_hostile(bundle: Bundle, model: Path) -> dict[str, object]:
    """A hostile file is refused with one line; the trial load survives a crash."""
    garbage = bundle.home / "hostile.gguf"
    garbage.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 2**62, 2**62) + b"\0" * 64)
    info = bundle.run("models", "info", str(garbage))
    _expect(info.returncode == 1, info, "hostile file not refused with exit 1")
    _expect("Traceback" not in info.stderr and len(info.stderr.strip().splitlines()) == 1, info)
    good = bundle.run(CHILD_FLAG, "trial-load", str(model))
    _expect(good.returncode == 0 and good.stdout.strip() == "ok", good, "trial of good model")
    zero = hostile_copy(model, bundle.home / "zero-layers.gguf")
    trial = bundle.run(CHILD_FLAG, "trial-load", str(zero))
    _expect(trial.returncode != 0, trial, "trial accepted a model with 0 layers")
    refused = bundle.run("models", "info", str(zero))
    _expect("Traceback" not in refused.stderr, refused)
    return {
        "info_refusal": info.stderr.strip(),
        "trial_good": good.stdout.strip(),
        "trial_zero_layers_exit": trial.returncode,
        "trial_zero_layers_said": (trial.stdout.strip() or trial.stderr.strip()[-200:]),
    }


def check_window(bundle: Bundle, platform_name: str = "offscreen", **env: str) -> dict[str, object]:
    """The GUI starts and shows its first top-level window; time to that window."""
    started = time.perf_counter()
    result = bundle.run(CHILD_FLAG, "gui-check", QT_QPA_PLATFORM=platform_name, **env)
    seconds = time.perf_counter() - started
    _expect(result.returncode == 0 and "first window:" in result.stdout, result)
    return {
        "platform": platform_name,
        "first_window_s": round(seconds, 2),
        "window": result.stdout.strip().splitlines()[-1],
    }


def check_window_xcb(bundle: Bundle) -> dict[str, object]:
    """The same under Xvfb, through the bundle's xcb plugin and xcb libraries."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return {"skipped": "Xvfb is not installed"}
    display = f":{os.getpid() % 500 + 100}"
    server = subprocess.Popen(
        [xvfb, display, "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_display(display)
        return check_window(bundle, "xcb", DISPLAY=display)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_display(display: str, seconds: float = 20.0) -> None:
    socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"
    deadline = time.monotonic() + seconds
    while not socket.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb did not open {display}")
        time.sleep(0.1)


def _plain(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def check_install(bundle: Bundle) -> dict[str, object]:
    """Linux: ``install.sh --user`` into a clean HOME, run it from there, ``uninstall.sh``."""
    script = bundle.root / "install.sh"
    if not script.is_file():
        return {"skipped": "no install.sh (not a Linux release folder)"}
    home = bundle.home / "user"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = _plain([str(script), "--user"], env)
    _expect(done.returncode == 0, done, "install.sh failed")
    entry = home / ".local/share/applications/curbside.desktop"
    installed = [
        home / ".local/bin/curbside",
        entry,
        home / ".local/share/icons/hicolor/scalable/apps/curbside.svg",
    ]
    _expect(all(p.exists() for p in installed), done, "install.sh left files out")
    version = _plain([str(installed[0]), "--version"], env)
    _expect(version.returncode == 0, version, "installed program does not start")
    validator = shutil.which("desktop-file-validate")
    if validator:
        valid = _plain([validator, str(entry)], env)
        _expect(valid.returncode == 0, valid, "invalid .desktop entry")
    removed = _plain([str(home / ".local/lib/curbside/uninstall.sh")], env)
    _expect(removed.returncode == 0, removed, "uninstall.sh failed")
    left = [str(p) for p in [*installed, home / ".local/lib/curbside"] if p.exists()]
    _expect(not left, removed, f"uninstall.sh left {left}")
    return {
        "installed": [str(p.relative_to(home)) for p in installed],
        "desktop_entry_validated": bool(validator),
    }


class SmokeFailure(AssertionError):
    """A check saw the bundle misbehave; the message holds its output."""


def _expect(ok: bool, result: subprocess.CompletedProcess[str], what: str = "") -> None:
    if not ok:
        raise SmokeFailure(
            f"{what or 'unexpected result'}: {' '.join(map(str, result.args[1:]))} -> "
            f"exit {result.returncode}\nstdout: {result.stdout[-800:]}\n"
            f"stderr: {result.stderr[-800:]}"
        )


def bundled_model(bundle: Bundle) -> Path:
    """Return the default model file inside the bundle."""
    (model,) = bundle.root.rglob("models/*.gguf")
    return model


CHECKS: dict[str, Callable[[Bundle], dict[str, object]]] = {
    "version": check_version,
    "about": check_about,
    "models_list": check_models_list,
    "ask": check_ask,
    "hostile": lambda b: check_hostile(b, bundled_model(b)),
    "window_offscreen": check_window,
    "window_xcb": check_window_xcb,
    "install": check_install,
}


def size_of(source: Path, bundle: Bundle) -> dict[str, int]:
    """Return the archive's and the unpacked bundle's sizes in bytes."""
    unpacked_bytes = sum(p.stat().st_size for p in bundle.root.rglob("*") if p.is_file())
    sizes = {"unpacked_bytes": unpacked_bytes}
    if source.is_file():
        sizes["archive_bytes"] = source.stat().st_size
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run every check on the bundle given; print JSON; exit 1 on any failure."""
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0])
    report: dict[str, object] = {"bundle": str(source)}
    failed = False
    with unpacked(source) as bundle:
        report["size"] = size_of(source, bundle)
        for name, check in CHECKS.items():
            try:
                report[name] = check(bundle)
            except (SmokeFailure, OSError, subprocess.SubprocessError, ValueError) as exc:
                report[name] = {"failed": str(exc)}
                failed = True
    print(json.dumps(report, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
