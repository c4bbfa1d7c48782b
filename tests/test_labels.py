"""Label placement: no two placed labels overlap, all stay in the frame, the budget holds."""
from __future__ import annotations

import random

from maps.labels import POSITIONS, label_box, place_labels


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_dense_labels_never_overlap_and_stay_inside():
    rng = random.Random(3)
    anchors = [(rng.uniform(0, 2000), rng.uniform(0, 1200)) for _ in range(3000)]
    sizes = [(rng.uniform(40, 300), 24.0) for _ in anchors]
    frame = (0.0, 0.0, 2000.0, 1200.0)
    placed = place_labels(anchors, sizes, frame, scale=200 / 72, pad=3.0, budget=10_000)
    assert 100 < len(placed) < 3000
    boxes = [p.box for p in placed]
    # brute force check of what the grid decided
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(frame[0] <= b[0] and frame[1] <= b[1] and b[2] <= frame[2] and b[3] <= frame[3] for b in boxes)
    for p in placed:
        assert p.box == label_box(anchors[p.index], sizes[p.index], p.position, 200 / 72, 3.0)


def test_priority_order_wins_and_second_positions_are_used():
    # two labels on the same point: the first takes the first position, the second the next free one
    placed = place_labels([(500, 500), (500, 500)], [(100, 20), (100, 20)], (0, 0, 1000, 1000))
    assert [(p.index, p.position) for p in placed] == [(0, 0), (1, 1)]
    assert POSITIONS[0][2:] == ("left", "bottom")


def test_budget_caps_placed_and_tried_labels():
    anchors = [(x * 50.0, 100.0) for x in range(400)]
    placed = place_labels(anchors, [(10, 10)] * 400, (0, 0, 100_000, 1000), budget=25)
    assert len(placed) == 25
    assert [p.index for p in placed] == list(range(25))
    # labels that never fit use up the tries: none beyond 4 × budget is looked at
    frame = (0, 0, 1000, 1000)
    anchors = [(-500.0, -500.0)] * 100 + [(500.0, 500.0)]
    assert place_labels(anchors, [(10, 10)] * 101, frame, budget=25) == []
    assert len(place_labels(anchors, [(10, 10)] * 101, frame, budget=26)) == 1


def test_taken_boxes_are_avoided_and_empty_input():
    assert place_labels([], [], (0, 0, 10, 10)) == []
    placed = place_labels([(500, 500)], [(100, 20)], (0, 0, 1000, 1000), taken=[(400, 400, 700, 600)])
    assert placed == [] or not _overlap(placed[0].box, (400, 400, 700, 600))
