"""Core figures: framework loading, opening a large store, saving one rating, scoring.

Targets (issue 2): load all frameworks <= 100 ms; open a store of 1,000 assessments <= 200 ms;
save one rating p99 <= 5 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from npmassess import scoring  # noqa: E402
from npmassess.assessment import Assessment, Participant, new_id, now  # noqa: E402
from npmassess.frameworks import library, load_all  # noqa: E402
from npmassess.store import Store  # noqa: E402

N_ASSESSMENTS, N_PARTICIPANTS = 1000, 12


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def build_store(path: Path) -> str:
    caf = library().get("caf")
    rng = random.Random(1)
    store = Store(path)
    last = ""
    with store.db.atomic():
        for i in range(N_ASSESSMENTS):
            a = Assessment(new_id(), f"Organisation {i}", f"Unit {i % 37}", caf.id, caf.edition, "classical",
                           str(2015 + i % 12), "consensus", now(), now())
            a.participants = [Participant(new_id(), f"Assessor {j}", "member", j) for j in range(N_PARTICIPANTS)]
            for node in caf.scored_nodes():
                for p in a.participants:
                    a.ratings[(p.id, node.id, "score")] = float(rng.randint(0, 100))
                a.consensus[(node.id, "score")] = float(rng.randint(0, 100))
            store.write_assessment(a)
            last = a.id
    store.close()
    return last


def main() -> None:
    print("npmassess core bench")
    loads = timed(lambda: load_all(), 20)
    lib = load_all()
    print(f"load + validate all {len(lib)} frameworks: median {ms(statistics.median(loads))}, "
          f"max {ms(max(loads))}  (target <= 100 ms)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        t = time.perf_counter()
        aid = build_store(path)
        size = path.stat().st_size + (path.with_name(path.name + "-wal").stat().st_size
                                      if path.with_name(path.name + "-wal").exists() else 0)
        print(f"built store: {N_ASSESSMENTS} assessments x 28 nodes x {N_PARTICIPANTS} participants "
              f"in {time.perf_counter() - t:.1f} s, {size / 1e6:.1f} MB")

        def open_and_list():
            s = Store(path)
            rows = s.list_assessments()
            assert len(rows) == N_ASSESSMENTS
            s.close()
        opens = timed(open_and_list, 10)
        print(f"open store + list {N_ASSESSMENTS} assessments: median {ms(statistics.median(opens))}, "
              f"max {ms(max(opens))}  (target <= 200 ms)")
        store = Store(path)
        a = store.load(aid)
        pid = a.participants[0].id
        nodes = [n.id for n in library().get("caf").scored_nodes()]
        rng = random.Random(2)
        saves = timed(lambda: store.set_rating(aid, pid, rng.choice(nodes), "score", rng.randint(0, 100)), 500)
        saves.sort()
        print(f"save one rating (committed, synchronous=FULL, WAL): p50 {ms(saves[len(saves) // 2])}, "
              f"p99 {ms(saves[int(len(saves) * 0.99)])}  (target p99 <= 5 ms)")
        fw = store.framework_of(a)
        loads = timed(lambda: store.load(aid), 20)
        print(f"load one assessment (336 ratings): median {ms(statistics.median(loads))}")
        a = store.load(aid)
        scores = timed(lambda: scoring.score(fw, a), 50)
        div = timed(lambda: scoring.divergence(fw, a), 20)
        print(f"compute one assessment's scores: median {ms(statistics.median(scores))}; "
              f"divergence over 12 participants: median {ms(statistics.median(div))}")
        store.close()


if __name__ == "__main__":
    main()
