"""Trust figures: what the audit trail and the approval lock cost per edit, and how long verify takes.

Edits: median time of set_rating over a demo assessment with the trail hook on, then with it
removed (the lock triggers stay: they are part of the schema). Verify: the whole chain after N
edits. Agreement: Krippendorff's alpha of a demo assessment. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from npmassess.demo import create_demo  # noqa: E402
from npmassess.process import agreement, audit  # noqa: E402
from npmassess.store import Store  # noqa: E402


def timed_edits(store: Store, aid: str, n: int) -> float:
    a = store.load(aid)
    keys = list(a.consensus)
    times = []
    for i in range(n):
        node, dim = keys[i % len(keys)]
        t = time.perf_counter()
        store.set_rating(aid, None, node, dim, float(i % 100))
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(n: int = 300) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t = time.perf_counter()
        aid = create_demo(store, store.frameworks.get("caf"))
        print(f"demo assessment with its trail: {(time.perf_counter() - t) * 1000:.0f} ms, "
              f"{len(audit.history(store, aid))} trail rows")
        with_trail = timed_edits(store, aid, n)
        hooks = list(store.commit_hooks)
        store.commit_hooks[:] = [h for h in hooks if h is not audit.record]
        without = timed_edits(store, aid, n)
        store.commit_hooks[:] = hooks
        print(f"set_rating median: {with_trail:.2f} ms with the trail, {without:.2f} ms without ({n} edits each)")
        rows = audit.verify(store).rows
        t = time.perf_counter()
        ok = audit.verify(store).ok
        print(f"verify: {rows} rows in {(time.perf_counter() - t) * 1000:.0f} ms (intact: {ok})")
        a = store.load(aid)
        t = time.perf_counter()
        res = agreement.assess_agreement(store.framework_of(a), a)
        print(f"agreement (5 assessors, 28 nodes): alpha {res.overall:.3f} in {(time.perf_counter() - t) * 1000:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
