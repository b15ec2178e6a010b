"""Fitting the prompt to the model's window, off the GUI thread.

Counting tokens is a llama.cpp call, so the plan is made on the engine's
thread (:meth:`curbside.ui.engine_bridge.EngineBridge.plan`) and comes back
to the GUI thread. Each request has a ticket: a plan that comes back after the
conversation changed (a new conversation, Stop) is dropped, never used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from curbside.chat import BudgetPlan, ChatSession
from curbside.ui.engine_bridge import EngineBridge


class PromptPlanner:
    """Plans one prompt at a time on the engine's thread.

    Args:
        bridge: The engine bridge whose thread counts the tokens.
    """

    def __init__(self, bridge: EngineBridge) -> None:
        self.bridge = bridge
        self.pending = False
        """A plan has been asked for and has not come back."""
        self.stop_requested = False
        """Stop was pressed while planning: the plan, when it comes, is not used."""
        self._ticket = 0

    def plan(
        self,
        session: ChatSession,
        n_ctx: int,
        max_tokens: int,
        on_plan: Callable[[BudgetPlan], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Fit a snapshot of ``session``; call ``on_plan`` or ``on_error`` on the GUI thread."""
        self._ticket += 1
        ticket = self._ticket
        self.pending, self.stop_requested = True, False
        snapshot = replace(session, turns=list(session.turns))

        def planned(plan: BudgetPlan) -> None:
            if self._settle(ticket):
                on_plan(plan)

        def failed(exc: Exception) -> None:
            if self._settle(ticket):
                on_error(exc)

        self.bridge.plan(lambda count: snapshot.fit(count, n_ctx, max_tokens), planned, failed)

    def cancel(self) -> None:
        """Forget the plan in flight: whatever comes back is dropped."""
        self._ticket += 1
        self.pending = False

    def _settle(self, ticket: int) -> bool:
        """True (and no longer pending) when ``ticket`` is the current request."""
        if ticket != self._ticket:
            return False
        self.pending = False
        return True
