"""The llama.cpp engine: a long-lived ``llama_cpp.Llama`` driven by a lean loop.

Why not ``create_chat_completion``: its streaming path re-detokenizes the
whole answer on every token and builds OpenAI-style dicts, losing ~16% of the
generation rate to Python; and its prompt evaluation cannot be interrupted. We
instead render the prompt with the model's own template, read it with
:class:`curbside.engine.prefill.Prefill` (Stop through llama.cpp's abort
callback, a progress figure, thread counts measured on the first slices),
then hand the fully cached prompt to ``Llama.generate``, which samples at once.

The KV cache survives between calls: the next prompt's tokens are compared
with what is already evaluated and only the new suffix is processed, so a
follow-up question does not re-read the case; the last few conversations'
states are kept in RAM (:mod:`curbside.engine.state_cache`), so reopening one
does not either. No state is ever written to disk (``LlamaDiskCache`` would
write the case there, unencrypted).
"""

from __future__ import annotations

import codecs
import threading
import time
from collections.abc import Generator, Sequence
from pathlib import Path

import llama_cpp
from curbside.engine.base import ChatMessage, GenerationParams, ProgressCallback, Usage
from curbside.engine.chat_template import ChatTemplate, choose_template
from curbside.engine.gguf_check import check_gguf_file
from curbside.engine.llama_load import load_llama
from curbside.engine.prefill import Prefill
from curbside.engine.state_cache import StateCache, default_budget
from curbside.engine.stop import StopScanner
from curbside.engine.threads import default_generation_threads
from curbside.errors import ContextOverflowError

DEFAULT_N_CTX = 4096
DEFAULT_N_BATCH = 512
DEFAULT_FLASH_ATTN = True
"""Flash attention unless a model's settings say otherwise (tests/benchmarks/bench_prefill.py)."""


class LlamaEngine:
    """A GGUF model loaded through llama.cpp. Use it from one thread only.

    Args:
        model_path: The GGUF file.
        n_ctx: Context window in tokens (the library's own default is 512).
        n_threads: Generation threads (default: see :mod:`curbside.engine.threads`).
        n_threads_batch: Prompt-processing threads (default: chosen per slice,
            every core the other processes leave free: see :mod:`curbside.engine.prefill`).
        n_batch: Most prompt tokens evaluated per batch.
        chat_format: Force a built-in format (``chatml``, ``gemma``, ``llama-3``,
            ``plain``) instead of the file's own template.
        flash_attn: Use flash attention (None: :data:`DEFAULT_FLASH_ATTN`).
        state_budget: Bytes of RAM for other conversations' saved states
            (None: :func:`curbside.engine.state_cache.default_budget`; 0: keep none).
    """

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
        n_threads_batch: int | None = None,
        n_batch: int = DEFAULT_N_BATCH,
        chat_format: str | None = None,
        flash_attn: bool | None = None,
        state_budget: int | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        check_gguf_file(self.model_path)
        self.n_threads = n_threads or default_generation_threads()
        self.n_batch = n_batch
        self.flash_attn = DEFAULT_FLASH_ATTN if flash_attn is None else flash_attn
        self._llama = load_llama(
            self.model_path,
            n_ctx=n_ctx,
            n_threads=self.n_threads,
            n_threads_batch=n_threads_batch or 1,
            n_batch=n_batch,
            flash_attn=self.flash_attn,
        )
        budget = default_budget() if state_budget is None else state_budget
        self.prefill = Prefill(
            self._llama,
            n_threads=self.n_threads,
            n_threads_batch=n_threads_batch,
            n_batch=n_batch,
            states=StateCache(budget) if budget > 0 else None,
        )
        self.template: ChatTemplate = self.choose_template(chat_format)
        self._vocab = self._llama._model.vocab
        self._stop_ids, self._stop_texts = self._split_markers(self.template.markers)

    @property
    def model_name(self) -> str:
        """The model's own name from its metadata, else the file name."""
        name = self._llama.metadata.get("general.name")
        return str(name) if name else self.model_path.name

    @property
    def n_ctx(self) -> int:
        """The context window in tokens."""
        return int(self._llama.n_ctx())

    def choose_template(self, override: str | None = None) -> ChatTemplate:
        """Build the chat format for this model: ``override``, else the file's own template.

        Raises:
            ModelError: The template does not parse, or went over its budget.
        """
        return choose_template(
            self._llama.metadata.get("tokenizer.chat_template"),
            self._is_special_token,
            self._token_text(self._llama.token_bos()),
            self._token_text(self._llama.token_eos()),
            override=override,
        )

    def tokenize_prompt(self, messages: Sequence[ChatMessage]) -> list[int]:
        """Render ``messages`` with the chat template and tokenize the result."""
        rendered = self.template.render(messages)
        return list(self._llama.tokenize(rendered.encode("utf-8"), add_bos=False, special=True))

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Return the prompt length of ``messages`` in tokens."""
        return len(self.tokenize_prompt(messages))

    def stream(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event,
        on_prefill: ProgressCallback | None = None,
    ) -> Generator[str, None, Usage]:
        """Yield the answer in chunks; return its :class:`Usage`.

        Raises:
            ContextOverflowError: The prompt plus ``max_tokens`` does not fit.
        """
        started = time.perf_counter()
        tokens = self.tokenize_prompt(messages)
        if len(tokens) + params.max_tokens > self.n_ctx:
            raise ContextOverflowError(
                len(tokens) + params.max_tokens, self.n_ctx, "The prompt with room for the answer"
            )
        usage = Usage(prompt_tokens=len(tokens))
        usage.cached_tokens = self.prefill.run(tokens, cancel, on_prefill)
        if cancel.is_set():
            usage.stopped, usage.finish_reason = True, "cancelled"
            return usage
        yield from self._generate(tokens, params, cancel, usage, started)
        return usage

    def forget_context(self) -> None:
        """Wipe the model's state (the KV cache holds the case): nothing of it is reused.

        The cache's buffers are cleared, not just marked free, and every other
        conversation's saved state is zeroed, so a locked or reset session
        keeps no readable trace of a case in the model's memory.
        """
        self.prefill.forget()
        llama = self._llama
        llama.reset()
        llama._ctx.kv_cache_clear()
        llama.input_ids[:] = 0

    def close(self) -> None:
        """Free the model and its context."""
        self.prefill.close()
        self._llama.close()

    def _generate(
        self,
        tokens: list[int],
        params: GenerationParams,
        cancel: threading.Event,
        usage: Usage,
        started: float,
    ) -> Generator[str, None, None]:
        if params.seed is not None:
            self._llama.set_seed(params.seed)
        generator = self._llama.generate(
            tokens,
            top_k=params.top_k,
            top_p=params.top_p,
            temp=params.temperature,
            repeat_penalty=params.repeat_penalty,
            reset=True,
        )
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        scanner = StopScanner((*self.template.stops, *self._stop_texts))
        budget = min(params.max_tokens, self.n_ctx - len(tokens))
        first_at = last_at = 0.0
        usage.finish_reason = "length"
        try:
            for token in generator:
                if cancel.is_set():
                    usage.stopped, usage.finish_reason = True, "cancelled"
                    break
                if token in self._stop_ids or llama_cpp.llama_vocab_is_eog(self._vocab, token):
                    usage.finish_reason = "stop"
                    break
                usage.completion_tokens += 1
                text, stopped = scanner.feed(decoder.decode(self._llama.detokenize([token])))
                if text:
                    last_at = time.perf_counter()
                    if not first_at:
                        first_at = last_at
                        usage.ttft_s = first_at - started
                    yield text
                if stopped:
                    usage.finish_reason = "stop"
                    break
                if usage.completion_tokens >= budget:
                    break
        finally:
            generator.close()
        tail = scanner.flush(decoder.decode(b"", final=True))
        if tail and not usage.stopped:
            yield tail
        if usage.completion_tokens > 1 and last_at > first_at:
            usage.tokens_per_s = (usage.completion_tokens - 1) / (last_at - first_at)

    def _split_markers(self, markers: Sequence[str]) -> tuple[frozenset[int], tuple[str, ...]]:
        """Turn markers as token ids where the vocabulary has them, else as stop text."""
        ids: set[int] = set()
        texts: list[str] = []
        for marker in markers:
            tokens = self._llama.tokenize(marker.encode("utf-8"), add_bos=False, special=True)
            if len(tokens) == 1:
                ids.add(tokens[0])
            else:
                texts.append(marker)
        return frozenset(ids), tuple(texts)

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llama.detokenize([token], special=True).decode("utf-8", errors="replace")

    def _is_special_token(self, text: str) -> bool:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)) == 1
