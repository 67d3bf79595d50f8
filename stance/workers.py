"""Worker processes: run a function over a stream of items in joblib processes, in order, with flat memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

WAVE = 4
"""Items in flight per worker at most: workers that outrun the consumer wait instead of piling up results."""


def ordered_in_workers(function: Callable, items: Iterable, jobs: int, arguments: Callable[[Any], tuple]) -> Iterator[tuple[Any, Any]]:
    """(item, function(*arguments(item))) for each item, computed in `jobs` processes and yielded in input order.

    Only `arguments(item)` is sent to a worker; one joblib pool serves the whole stream.
    """
    from joblib import Parallel, delayed

    pending = iter(items)
    with Parallel(n_jobs=jobs) as parallel:
        while wave := list(islice(pending, WAVE * jobs)):
            yield from zip(wave, parallel(delayed(function)(*arguments(item)) for item in wave))
