"""Curbside's desktop interface (PySide6). It talks to the core in ``app/`` only
through a few service objects; the model runs on a worker thread behind
:class:`curbside.ui.engine_bridge.EngineBridge`."""
