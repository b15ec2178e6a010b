"""Inference engines: a common streaming interface, llama.cpp, and a fake for UI tests."""

from app.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    StreamResult,
    Usage,
)

__all__ = ["ChatMessage", "Engine", "GenerationParams", "StreamResult", "Usage"]
