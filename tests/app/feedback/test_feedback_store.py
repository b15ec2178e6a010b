"""Ratings in the encrypted history: add, change, delete, filter, PHI-checked, audited."""

from __future__ import annotations

import pytest
from curbside.audit import digest, verify_rows
from curbside.errors import InputError
from curbside.feedback import FeedbackFilter, FeedbackStore, Rating
from curbside.storage import HistoryStore

from tests.app.feedback.conftest import SHA, add_exchange


def test_rate_change_delete_round_trip_is_audited(store: HistoryStore) -> None:
    answer = add_exchange(store, "Syncope work-up?", "ECG, orthostatics, telemetry.")
    feedback = FeedbackStore(store)
    first = feedback.rate(answer, Rating(1))
    assert (first.model_sha256, first.mode, first.model_name) == (
        SHA,
        "differential@1",
        "SmolLM2 135M",
    )
    assert first.params == {"temperature": 0.2, "max_tokens": 256}
    assert first.badge == "✓ helpful"
    changed = feedback.rate(
        answer,
        Rating(-1, 2, ("omission", "fabrication"), "major", "Missed aortic stenosis"),
    )
    assert changed.id == first.id and changed.created == first.created
    assert changed.rating.categories == ("fabrication", "omission")
    assert changed.badge == "✗ not helpful 2/5 · major"
    assert feedback.delete(answer) and feedback.get(answer) is None
    assert not feedback.delete(answer)
    entries = store.audit.entries(events=("feedback.",))
    assert [e.event for e in entries] == ["feedback.add", "feedback.change", "feedback.delete"]
    assert entries[1].details["comment_sha256"] == digest("Missed aortic stenosis")
    assert "Missed" not in str([e.details for e in entries])
    assert verify_rows(store.audit.rows()).intact


@pytest.mark.parametrize(
    "rating",
    [Rating(0), Rating(1, 6), Rating(1, categories=("made-up",)), Rating(1, severity="huge")],
)
def test_invalid_ratings_are_refused_with_a_clear_line(store: HistoryStore, rating: Rating) -> None:
    answer = add_exchange(store, "q", "a")
    with pytest.raises(InputError):
        FeedbackStore(store).rate(answer, rating)


def test_only_answers_can_be_rated(store: HistoryStore) -> None:
    cid = store.create_conversation("t", "m", None)
    question = store.add_message(cid, "user", "q")
    with pytest.raises(InputError, match="not a saved answer"):
        FeedbackStore(store).rate(question, Rating(1))


def test_comment_with_identifiers_is_refused_unless_overridden(store: HistoryStore) -> None:
    answer = add_exchange(store, "q", "a")
    feedback = FeedbackStore(store)
    comment = "Call Dr. Hannelore Vandersloot at 617-555-0199 about this"
    with pytest.raises(InputError, match="identifiers"):
        feedback.rate(answer, Rating(-1, comment=comment))
    assert feedback.get(answer) is None
    saved = feedback.rate(answer, Rating(-1, comment=comment), allow_phi=True)
    assert saved.comment_phi and "PHONE" in saved.comment_phi
    events = [e.event for e in store.audit.entries(events=("phi.",))]
    assert events == ["phi.blocked", "phi.override"]


def test_filters_and_conversation_deletion(store: HistoryStore) -> None:
    feedback = FeedbackStore(store)
    a = add_exchange(store, "q1", "a1", "differential@1")
    b = add_exchange(store, "q2", "a2", "workup@1")
    feedback.rate(a, Rating(1, 5))
    feedback.rate(b, Rating(-1, 1, ("unsafe",), "major"))
    assert [f.message_id for f in feedback.find(FeedbackFilter(mode="workup"))] == [b]
    assert [f.message_id for f in feedback.find(FeedbackFilter(rating=1))] == [a]
    assert [f.message_id for f in feedback.find(FeedbackFilter(category="unsafe"))] == [b]
    assert [f.message_id for f in feedback.find(FeedbackFilter(severity="major"))] == [b]
    assert len(feedback.find(FeedbackFilter(model=SHA))) == 2
    assert feedback.find(FeedbackFilter(since="2999-01-01")) == []
    models, modes = feedback.models_and_modes()
    assert models == [(SHA, "SmolLM2 135M")] and modes == ["differential@1", "workup@1"]
    store.delete(feedback.get(b).conversation_id)  # type: ignore[union-attr]
    assert [f.message_id for f in feedback.find()] == [a]
