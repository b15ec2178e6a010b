"""Remote-engine figures for issue 15, printed as one JSON object.

Against one ``python -m llama_cpp.server`` on loopback (default model, one
thread), in paired, interleaved rounds (plain, Curbside, plain, Curbside...):

* tokens/s through :class:`curbside.remote.RemoteEngine` ÷ tokens/s of a plain
  httpx streaming loop that only parses each event and takes its content
  (target ≥ 0.97);
* time to first token added by the engine over that loop (target ≤ 20 ms);
* Stop: from ``cancel.set()`` to the generator's return, mid-answer
  (target ≤ 0.5 s);
* the PHI gate's own share of the added TTFT (the detector over the prompt),
  timed alone.

Same prompt, greedy sampling and a fixed seed in every round, so both clients
receive the same tokens. Per-pair ratios and differences are reported as
median, min and max, because a shared 2-core machine's figures swing with
whatever else runs.
"""

from __future__ import annotations

import json
import statistics
import threading
import time

import httpx
from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.models.catalog import load_catalog
from curbside.remote import RemoteEngine, open_backend, refuse_identifiers

from tests.doubles.llama_server import API_KEY, MODEL_ALIAS, start_llama_server

ROUNDS = 7
TOKENS = 96
PROMPT: list[ChatMessage] = [
    {"role": "system", "content": "You are a clinical educator."},
    {"role": "user", "content": "Write a long essay on the history of intensive care."},
]
PARAMS = GenerationParams(max_tokens=TOKENS, temperature=0.0, seed=7)


def plain_loop(client: httpx.Client, url: str) -> tuple[float, float, int]:
    """Stream with a bare httpx loop; return (ttft s, tokens/s, content chunks)."""
    body = {
        "model": MODEL_ALIAS,
        "messages": PROMPT,
        "stream": True,
        "max_tokens": TOKENS,
        "temperature": PARAMS.temperature,
        "top_p": PARAMS.top_p,
        "top_k": PARAMS.top_k,
        "repeat_penalty": PARAMS.repeat_penalty,
        "seed": PARAMS.seed,
        "stream_options": {"include_usage": True},
    }
    headers = {"Authorization": f"Bearer {API_KEY}"}
    started = time.perf_counter()
    first = last = 0.0
    count = 0
    with client.stream("POST", f"{url}/chat/completions", json=body, headers=headers) as reply:
        for line in reply.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:]).get("choices") or [{}]
            if (choices[0].get("delta") or {}).get("content"):
                last = time.perf_counter()
                first = first or last
                count += 1
    return first - started, (count - 1) / (last - first), count


def curbside_engine(engine: RemoteEngine) -> tuple[float, float, int]:
    """Stream through RemoteEngine (PHI gate included); return (ttft s, tokens/s, chunks)."""
    started = time.perf_counter()
    result = StreamResult(engine.stream(PROMPT, PARAMS, threading.Event()))
    first = last = 0.0
    for _ in result:
        last = time.perf_counter()
        first = first or last
    count = len(result.chunks)
    return first - started, (count - 1) / (last - first), count


def stop_latency(url: str) -> float:
    """Seconds from Stop (after the 5th chunk) to the stream's end."""
    engine = open_backend(url, model=MODEL_ALIAS, api_key=API_KEY)
    cancel = threading.Event()
    result = StreamResult(engine.stream(PROMPT, GenerationParams(max_tokens=400), cancel))
    pressed = 0.0
    for index, _ in enumerate(result):
        if index == 4:
            pressed = time.perf_counter()
            cancel.set()
    ended = time.perf_counter()
    engine.close()
    return ended - pressed


def gate_ms() -> list[float]:
    """Milliseconds the PHI gate takes over the prompt, timed alone (after a warm-up)."""
    refuse_identifiers(PROMPT)
    times = []
    for _ in range(20):
        began = time.perf_counter()
        refuse_identifiers(PROMPT)
        times.append((time.perf_counter() - began) * 1000)
    return times


def spread(values: list[float], digits: int = 4) -> dict[str, float]:
    """Median, min and max, rounded."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def main() -> None:
    """Run the paired rounds and print the figures."""
    server = start_llama_server(load_catalog().default().path())
    try:
        engine = open_backend(server.url, model=MODEL_ALIAS, api_key=API_KEY)
        # The engine's client honours the system proxy; so does this one, as a plain
        # client would. Both keep their connection between rounds, like the window.
        with httpx.Client(timeout=120) as client:
            plain_loop(client, server.url)  # warm the server (prompt cache, allocations)
            curbside_engine(engine)
            ratios, added_ttft, plain_rates, ours_rates, counts = [], [], [], [], set()
            for _ in range(ROUNDS):
                plain = plain_loop(client, server.url)
                ours = curbside_engine(engine)
                ratios.append(ours[1] / plain[1])
                added_ttft.append((ours[0] - plain[0]) * 1000)
                plain_rates.append(plain[1])
                ours_rates.append(ours[1])
                counts.update((plain[2], ours[2]))
            stops = [stop_latency(server.url) for _ in range(3)]
        engine.close()
    finally:
        server.stop()
    print(
        json.dumps(
            {
                "server_start_s": round(server.started_in_s, 1),
                "rounds": ROUNDS,
                "tokens_per_answer": sorted(counts),
                "tokens_per_s_ratio": spread(ratios),
                "tokens_per_s_ratio_target": 0.97,
                "plain_tokens_per_s": spread(plain_rates, 1),
                "curbside_tokens_per_s": spread(ours_rates, 1),
                "added_ttft_ms": spread(added_ttft, 1),
                "added_ttft_target_ms": 20,
                "stop_latency_s": spread(stops, 3),
                "phi_gate_ms": spread(gate_ms(), 2),
                "stop_target_s": 0.5,
            }
        )
    )


if __name__ == "__main__":
    main()
