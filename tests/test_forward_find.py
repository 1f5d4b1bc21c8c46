"""ForwardFind answers as str.find does, for every start a reader moving forward asks about."""

from __future__ import annotations

import random

import pytest

from qdoc.readers.common.forward_find import ForwardFind


@pytest.mark.parametrize("seed", range(4))
def test_forward_find_is_str_find(seed):
    rnd = random.Random(seed)
    for _ in range(5000):
        text = "".join(rnd.choice(")\nabE") for _ in range(rnd.randint(0, 40)))
        needle = rnd.choice([")\n", "\nE", "a", ")\na"])
        window = rnd.choice([None, 1, 3, 7, 12])
        finder = ForwardFind(text, needle, window)
        start = 0
        while start <= len(text) + 2:
            limit = len(text) if window is None else start + window
            assert finder.after(start) == text.find(needle, start, limit), (text, needle, window, start)
            start += rnd.randint(0, 4)
