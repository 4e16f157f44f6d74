"""Writes fsrs-6.3.2-histories.json: review histories scheduled by py-fsrs 6.3.2 with fuzzing
off, replayed by FSRSReplayTests against Review/FSRS.swift.

    python3 -m venv /tmp/fsrs && /tmp/fsrs/bin/pip install fsrs==6.3.2
    /tmp/fsrs/bin/python Tests/TutorKitTests/Fixtures/fsrs/generate.py

The histories are seeded, so running it again writes the same file.
"""
import json
import random
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

from fsrs import Card, Rating, Scheduler

VERSION = "6.3.2"
assert version("fsrs") == VERSION, f"install fsrs=={VERSION}, found {version('fsrs')}"

rng = random.Random(20261202)
scheduler = Scheduler(enable_fuzzing=False)
start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def gap(card):
    """When the next review happens: often at the due time, sometimes early (the same day
    included), sometimes late."""
    due_in = card.due - card.last_review
    kind = rng.random()
    if kind < 0.25:
        return timedelta(minutes=rng.randint(1, 600))  # the same day
    if kind < 0.70:
        return due_in
    if kind < 0.85:
        return due_in * rng.uniform(0.3, 0.95)
    return due_in * rng.uniform(1.05, 3.0) + timedelta(hours=rng.randint(0, 30))


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


histories = []
for index in range(200):
    card = Card(card_id=index + 1, due=start)
    moment = start + timedelta(minutes=rng.randint(0, 600))
    reviews = []
    for _ in range(rng.randint(6, 20)):
        # Hard is common here on purpose: the same-day Hard is where ports go wrong.
        rating = rng.choices([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy], weights=[2, 3, 4, 1])[0]
        # Millisecond times, as the progress database keeps them.
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        card, _ = scheduler.review_card(card, rating, moment)
        reviews.append({
            "at": stamp(moment),
            "rating": int(rating),
            "state": int(card.state),
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": stamp(card.due),
        })
        moment = moment + gap(card)
    histories.append(reviews)

out = Path(__file__).with_name(f"fsrs-{VERSION}-histories.json")
out.write_text(json.dumps({"fsrs": VERSION, "fuzzing": False, "histories": histories}, separators=(",", ":")) + "\n")
print(f"wrote {sum(map(len, histories))} reviews in {len(histories)} histories to {out}")
