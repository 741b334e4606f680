"""Remember what was derived from an activity, for as long as the activity lives.

Activities are immutable and compared by identity, so a value derived from one
(its prepared copy, its effort signal, its segments) can be kept beside it in a
weak-keyed table: calling several analysis functions on one activity derives
each thing once, and nothing is kept once the activity is gone.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

from runlytics.activity import Activity

A = TypeVar("A", bound=Activity)
T = TypeVar("T")


def per_activity(fn: Callable[[A], T]) -> Callable[[A], T]:
    """``fn`` memoised on its one activity argument (weakly, by identity)."""
    table: weakref.WeakKeyDictionary[A, T] = weakref.WeakKeyDictionary()

    @functools.wraps(fn)
    def remembered(activity: A) -> T:
        try:
            return table[activity]
        except KeyError:
            value = table[activity] = fn(activity)
            return value

    return remembered
