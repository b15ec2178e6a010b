"""A real OpenAI-compatible server for tests and benchmarks: ``python -m llama_cpp.server``.

It serves the default model with one thread (two threads on a shared 2-core
machine made generation ~20 times slower) on a free loopback port, with an
API key so the wrong-key path is real too. Started once, stopped by pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from tests.doubles.ports import free_port

# Runs the server after making sure llama.cpp has a CPU backend. A portable build
# (GGML_BACKEND_DL, one library per CPU level) has none until one is loaded;
# curbside.engine.cpu_backends (the packaging work) does that for the app, and this
# falls back to the same choice where that module is not there yet: the
# best-scoring variant except AMX ("sapphirerapids"), which dies with SIGILL on
# VMs that advertise AMX, this project's build machine among them. A build
# without variants (a native one) gets llama.cpp's extra buffer types turned off
# instead: AMX kernels run only from those buffers, so the same trap is avoided.
LAUNCHER = """
import ctypes, pathlib, runpy, sys
try:
    from curbside.engine.cpu_backends import load_cpu_backend
except ImportError:
    import llama_cpp
    lib = pathlib.Path(llama_cpp.__file__).resolve().parent / "lib"
    ggml = ctypes.CDLL(str(lib / "libggml.so"))
    ggml.ggml_backend_reg_count.restype = ctypes.c_size_t
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
    def score(path):
        function = ctypes.CDLL(str(path)).ggml_backend_score
        function.restype = ctypes.c_int
        return function()
    variants = [p for p in lib.glob("libggml-cpu-*.so") if "sapphirerapids" not in p.name]
    if variants and ggml.ggml_backend_reg_count() == 0:
        ggml.ggml_backend_load(str(max(variants, key=score)).encode())
    if not variants:
        import llama_cpp.llama
        defaults = llama_cpp.llama_model_default_params
        def no_extra_buffers():
            params = defaults()
            params.use_extra_bufts = False
            return params
        llama_cpp.llama.llama_cpp.llama_model_default_params = no_extra_buffers
else:
    load_cpu_backend()
sys.argv = ["llama_cpp.server", *sys.argv[1:]]
runpy.run_module("llama_cpp.server", run_name="__main__")
"""

API_KEY = "curbside-test-key"
MODEL_ALIAS = "smollm2"
START_TIMEOUT_S = 120.0
"""A hang guard only: it starts in well under 45 s on an idle machine."""


@dataclass
class LlamaServer:
    """A running server.

    Attributes:
        url: Its ``/v1`` base URL.
        process: The server process.
        started_in_s: Seconds from launch to its first answer to ``/v1/models``.
    """

    url: str
    process: subprocess.Popen[bytes]
    started_in_s: float
    log: IO[bytes]

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def start_llama_server(model: Path, *, n_ctx: int = 2048) -> LlamaServer:
    """Start the server on a free loopback port; return once it answers.

    Raises:
        RuntimeError: It exited or did not answer within :data:`START_TIMEOUT_S`.
    """
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the server's lifetime
    command = [
        sys.executable,
        "-c",
        LAUNCHER,
        "--model",
        str(model),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_threads",
        "1",
        "--n_threads_batch",
        "1",
        "--n_ctx",
        str(n_ctx),
        "--api_key",
        API_KEY,
        "--verbose",
        "False",
    ]
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/v1"
    while time.perf_counter() - began < START_TIMEOUT_S:
        if process.poll() is not None:
            log.seek(0)
            output = log.read()[-2000:].decode(errors="replace")
            log.close()
            raise RuntimeError(f"llama_cpp.server exited: {output}")
        try:
            reply = httpx.get(
                f"{url}/models", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=2
            )
            if reply.status_code == 200:
                return LlamaServer(url, process, time.perf_counter() - began, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    process.kill()
    process.wait(timeout=10)
    log.close()
    raise RuntimeError(f"llama_cpp.server did not answer within {START_TIMEOUT_S:.0f} s")
