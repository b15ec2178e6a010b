"""Turning chat messages into the exact prompt text a model expects.

The template comes from the GGUF file itself (``tokenizer.chat_template``) and
is rendered by llama-cpp-python's ``Jinja2ChatFormatter`` in Jinja's immutable
sandbox (a hostile template cannot reach Python internals), here with a time
and size budget on top (:mod:`curbside.engine.template_limits`), so a hostile
template cannot hang the engine or fill the memory either.
A model without a template gets an explicit format chosen from its vocabulary
(ChatML, Gemma or Llama 3 special tokens), or, failing that, a plain
``User:``/``Assistant:`` transcript; :attr:`ChatTemplate.source` says which, so
the choice is never silent.

Templates that reject a system role (the Gemma family, MedGemma among them)
still receive the system prompt: it is folded into the first user turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, cast

import jinja2
from curbside.engine.base import ChatMessage
from curbside.engine.template_limits import BoundedEnvironment, TemplateTooCostly, render_bounded
from curbside.errors import ModelError
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
GEMMA = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}"
    "{% endif %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}"
)
LLAMA3 = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    " + message['content'] | trim + '<|eot_id|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}"
    "{% endif %}"
)
PLAIN = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ message['content'] + '\n\n' }}"
    "{% elif message['role'] == 'user' %}{{ 'User: ' + message['content'] + '\n\n' }}"
    "{% else %}{{ 'Assistant: ' + message['content'] + eos_token + '\n\n' }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)
PLAIN_STOPS = ("\nUser:",)
BUILTIN_FORMATS = {"chatml": CHATML, "gemma": GEMMA, "llama-3": LLAMA3, "plain": PLAIN}
"""Named formats a user may force, and the fallbacks for template-less models."""

_VOCAB_MARKERS = (
    ("<|im_start|>", "chatml"),
    ("<start_of_turn>", "gemma"),
    ("<|start_header_id|>", "llama-3"),
)
_SYSTEM_PROBE = "\u2063curbside-system-probe\u2063"
_MARKER = re.compile(r"<[^<>\s]{2,40}>")
_ANSWER_PROBE = "\u2063curbside-answer-probe\u2063"
_NEXT_PROBE = "\u2063curbside-next-probe\u2063"


class BoundedChatFormatter(Jinja2ChatFormatter):
    """llama-cpp-python's formatter, rendering in a :class:`BoundedEnvironment`.

    Its ``__call__`` is the library's (same variables, same ``raise_exception``);
    only the environment differs, and the output is gathered chunk by chunk so
    the deadline and the output cap hold while it is produced.
    """

    def __init__(self, template: str, eos_token: str, bos_token: str) -> None:
        # The library's __init__, with our environment in place of its sandbox.
        self.template = template
        self.eos_token, self.bos_token = eos_token, bos_token
        self.add_generation_prompt = True
        self.stop_token_ids = None
        self.environment = BoundedEnvironment(
            loader=jinja2.BaseLoader(),
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[Jinja2ChatFormatter.IgnoreGenerationTags, jinja2.ext.loopcontrols],
        )
        self.environment.filters["tojson"] = self.environment._bounded(self.tojson)
        # The library renders through ``self._environment.render(...)``: stream it instead.
        self._environment = _StreamingTemplate(self.environment.from_string(template))  # type: ignore[assignment]

    def __call__(self, **kwargs: Any) -> Any:
        """Render with a fresh budget (see :class:`Jinja2ChatFormatter`)."""
        self.environment.begin()
        return super().__call__(**kwargs)


class _StreamingTemplate:
    """A compiled template whose ``render`` streams through :func:`render_bounded`."""

    def __init__(self, template: jinja2.Template) -> None:
        self._template = template
        self._environment = template.environment

    def render(self, **variables: Any) -> str:
        environment = self._environment
        assert isinstance(environment, BoundedEnvironment)
        return render_bounded(environment, self._template.generate(**variables))


class ChatTemplate:
    """Renders messages with one chat format.

    Args:
        template: Jinja source of the template.
        bos_token: Text of the model's BOS token.
        eos_token: Text of the model's EOS token.
        source: Where the template came from, e.g. ``"gguf"`` or
            ``"fallback: chatml (no template in file)"``.
        stops: Text that ends the answer where the turn marker is not a
            special token (the plain transcript's ``User:``).
    """

    def __init__(
        self,
        template: str,
        bos_token: str,
        eos_token: str,
        source: str,
        stops: tuple[str, ...] = (),
    ) -> None:
        try:
            self._formatter = BoundedChatFormatter(template, eos_token, bos_token)
        except Exception as exc:  # a template that does not even parse
            raise ModelError(
                f"The model's chat template is not valid Jinja ({type(exc).__name__}).",
                "Choose a chat format override in the model's settings.",
            ) from exc
        self.source = source
        self.stops = stops
        self.markers = self._probe_turn_markers()
        self.supports_system = self._probe_system_role()

    def render(self, messages: Sequence[ChatMessage]) -> str:
        """Render ``messages`` followed by the assistant's opening.

        A system message is folded into the first user turn when the template
        has no system role.
        """
        prepared = list(messages) if self.supports_system else fold_system(messages)
        try:
            result = self._formatter(messages=cast(Any, prepared))
        except (TemplateTooCostly, MemoryError) as exc:
            raise _refused(exc) from exc
        except Exception as exc:  # raise_exception(), a sandbox violation, RecursionError
            raise ModelError(
                f"The model's chat template refused these messages: {_short(exc)}",
                "Choose a chat format override in the model's settings.",
            ) from exc
        return str(result.prompt)

    def _probe_turn_markers(self) -> tuple[str, ...]:
        """Return the markers the template writes between an answer and the next turn.

        A model that writes one of them has ended its turn and begun someone
        else's (Gemma's ``<start_of_turn>`` after an answer), so the answer
        ends there, whether or not the vocabulary marks it end-of-generation.
        Only the text *between* two turns counts: markers a template writes
        inside a turn (Qwen's ``<think>``) are part of answers.
        """
        probe: list[ChatMessage] = [
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": _ANSWER_PROBE},
            {"role": "user", "content": _NEXT_PROBE},
        ]
        try:
            rendered = self._formatter(messages=cast(Any, probe)).prompt
        except Exception:
            return ()
        start, end = rendered.find(_ANSWER_PROBE), rendered.find(_NEXT_PROBE)
        if start < 0 or end < start:
            return ()
        between = rendered[start + len(_ANSWER_PROBE) : end]
        return tuple(dict.fromkeys(_MARKER.findall(between)))

    def _probe_system_role(self) -> bool:
        probe: list[ChatMessage] = [
            {"role": "system", "content": _SYSTEM_PROBE},
            {"role": "user", "content": "hello"},
        ]
        try:
            return _SYSTEM_PROBE in self._formatter(messages=cast(Any, probe)).prompt
        except (TemplateTooCostly, MemoryError) as exc:  # costly on two short messages
            raise _refused(exc) from exc
        except Exception:
            return False


class TemplateRefused(ModelError):
    """The chat template went over its time or size budget (the file is hostile or broken)."""


def _refused(exc: BaseException) -> TemplateRefused:
    why = "it needs too much memory" if isinstance(exc, MemoryError) else str(exc)
    return TemplateRefused(
        f"The model's chat template was stopped: {why}.",
        "Choose a chat format override in the model's settings, or another model.",
    )


def _short(exc: BaseException) -> str:
    """The exception's message, on one line and shortened (it comes from the model file)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


def fold_system(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """Move system messages into the first user turn (for templates without a system role)."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [m for m in messages if m["role"] != "system"]
    if not system:
        return rest
    for index, message in enumerate(rest):
        if message["role"] == "user":
            rest[index] = {"role": "user", "content": f"{system}\n\n{message['content']}"}
            return rest
    return [{"role": "user", "content": system}, *rest]


def choose_template(
    gguf_template: str | None,
    has_token: Callable[[str], bool],
    bos_token: str,
    eos_token: str,
    override: str | None = None,
) -> ChatTemplate:
    """Pick the chat format for a model.

    Args:
        gguf_template: The file's ``tokenizer.chat_template``, if any.
        has_token: Tells whether a special token exists in the vocabulary.
        bos_token: Text of the BOS token.
        eos_token: Text of the EOS token.
        override: A name from :data:`BUILTIN_FORMATS` chosen by the user.
    """
    if override:
        if override not in BUILTIN_FORMATS:
            names = ", ".join(BUILTIN_FORMATS)
            raise ModelError(f"Unknown chat format '{override}'.", f"Choose one of: {names}.")
        stops = PLAIN_STOPS if override == "plain" else ()
        return ChatTemplate(
            BUILTIN_FORMATS[override], bos_token, eos_token, f"override: {override}", stops
        )
    if gguf_template:
        return ChatTemplate(gguf_template, bos_token, eos_token, "gguf")
    for marker, name in _VOCAB_MARKERS:
        if has_token(marker):
            source = f"fallback: {name} (no template in file; chosen from its vocabulary)"
            return ChatTemplate(BUILTIN_FORMATS[name], bos_token, eos_token, source)
    source = "fallback: plain User/Assistant transcript (no template in file)"
    return ChatTemplate(PLAIN, bos_token, eos_token, source, stops=PLAIN_STOPS)
