"""NegMAS side of bench/packages.sh: time pareto_frontier (+ Nash) in ms.

usage: negmas_frontier.py travel DIR | negmas_frontier.py random ISSUES VALUES PARTIES
Random domains: uniform value utilities and normalised random issue weights,
as the Rust example draws them (a different generator, the same shape).
"""
import sys
import time

import numpy as np
from negmas.inout import Scenario
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction as U
from negmas.preferences import nash_points, pareto_frontier
from negmas.preferences.value_fun import TableFun


def timed(ufuns):
    t0 = time.perf_counter()
    front, _ = pareto_frontier(ufuns)
    nash_points(ufuns, front)
    return (time.perf_counter() - t0) * 1e3


def main():
    if sys.argv[1] == "travel":
        s = Scenario.from_genius_folder(sys.argv[2])
        print(f"{timed(s.ufuns):.1f}")
        return
    issues, values, parties = map(int, sys.argv[2:5])
    rng = np.random.default_rng(1)
    iss = [make_issue([f"v{v}" for v in range(values)], f"i{k}") for k in range(issues)]
    os_ = make_os(iss)
    ufuns = []
    for _ in range(parties):
        w = rng.random(issues)
        w = w / w.sum()
        fns = [TableFun({f"v{v}": float(x) for v, x in enumerate(rng.random(values))}) for _ in range(issues)]
        ufuns.append(U(values=fns, weights=list(w), outcome_space=os_))
    print(f"{timed(ufuns):.1f}")


main()
