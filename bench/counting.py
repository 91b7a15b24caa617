"""Benchmark of the counting engine against other Python counting libraries.

    .venv/bin/python bench/counting.py [--ballots 1000000] [--repeats 5]

Makes a synthetic national vote (40 candidates; ranked ballots truncated to 1-5
choices drawn from a Plackett-Luce model with uneven popularity; approval ballots
with 1-6 approvals), then:

* times this engine, single-threaded, in a fresh process, from the ballots as a
  NumPy array of candidate indices (as a file reader or the app hands them over) to
  the finished ``Result`` with its checksum: IRV, STV (3 seats, Scottish rules),
  approval (top 3) and the Method of Equal Shares (3 seats); reading the ballots
  into the engine is inside every timing, and the peak memory is measured;
* runs pyrankvote's IRV and votekit's fastest fractional STV (FastSTV) on the same
  ballots, pabutools' Method of Equal Shares on the same approval ballots, and
  votekit's original STV class and pref_voting's IRV and Scottish STV on the first
  100,000 ballots, checks that they elect the same winners, and
* prints every figure and ratio and writes them to bench/results/counting.json.

This is a measurement, not a test. The machine is shared and noisy, so our timings
are repeated in two separate processes, one before and one after the other
libraries run; each method keeps the better of the two medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so `python bench/counting.py` works from a checkout

RESULTS = ROOT / "bench" / "results" / "counting.json"
CANDIDATES = 40
SEATS = 3
SEED = 2026
SUBSET = 100_000  # pref_voting takes minutes on the full set
TARGETS = {
    "irv_seconds": 0.5,
    "stv_seconds": 1.0,
    "approval_seconds": 0.1,
    "mes_seconds": 2.0,
    "peak_memory_mb": 300,
    "ratio_pyrankvote_irv": 7,
    "ratio_votekit_stv": 15,
}
ENGINE_METHODS = {  # name: (ballot kind, method, seats)
    "irv": ("ranked", "irv", 1),
    "stv": ("ranked", "stv", SEATS),
    "approval": ("approval", "approval", SEATS),
    "mes": ("approval", "mes", SEATS),
}


# ------------------------------------------------------------------ ballots


def candidate_names() -> list[str]:
    return [f"Candidate {i + 1:02d}" for i in range(CANDIDATES)]


def synthetic_ballots(n_ballots: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Ranked (n x 5) and approval (n x 6) ballots as int8 indices padded with -1."""
    rng = np.random.default_rng(seed)
    popularity = np.log(rng.dirichlet(np.full(CANDIDATES, 1.0)))
    ranked = np.full((n_ballots, 5), -1, dtype=np.int8)
    approval = np.full((n_ballots, 6), -1, dtype=np.int8)
    chunk = 50_000
    for start in range(0, n_ballots, chunk):
        size = min(chunk, n_ballots - start)
        for target, width in ((ranked, 5), (approval, 6)):
            # Plackett-Luce: sort popularity plus Gumbel noise, keep the top choices.
            keys = popularity + rng.gumbel(size=(size, CANDIDATES))
            top = np.argpartition(-keys, width, axis=1)[:, :width]
            order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
            chosen = np.take_along_axis(top, order, axis=1).astype(np.int8)
            length = rng.integers(1, width + 1, size=size)
            chosen[np.arange(width)[None, :] >= length[:, None]] = -1
            target[start : start + size] = chosen
    return ranked, approval


# ------------------------------------------------------- this engine (child)


def peak_resident_mb() -> float:
    """This process's own peak resident memory.

    Linux keeps ru_maxrss across fork and exec, so a child started by a large
    parent would report the parent's size; VmHWM belongs to this process alone."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(data_dir: Path, repeats: int) -> dict:
    """Time and measure this engine; runs in its own process."""
    from participation.counting import Ballots, count

    names = candidate_names()
    arrays = {
        "ranked": np.load(data_dir / "ranked.npy"),
        "approval": np.load(data_dir / "approval.npy"),
    }
    report: dict = {}
    for label, (kind, method, seats) in ENGINE_METHODS.items():
        rows = arrays[kind]

        def once(rows=rows, kind=kind, method=method, seats=seats):
            ballots = Ballots.from_indices(names, rows, kind=kind)
            return ballots, count(method, ballots=ballots, seats=seats)

        once()  # warm up imports and caches
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            ballots, result = once()
            times.append(time.perf_counter() - start)
        # The same split into reading (ballot set and its checksum) and counting.
        read_times, count_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            prepared = Ballots.from_indices(names, rows, kind=kind)
            prepared.checksum()
            middle = time.perf_counter()
            count(method, ballots=prepared, seats=seats)
            read_times.append(middle - start)
            count_times.append(time.perf_counter() - middle)
        tracemalloc.start()
        once()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report[label] = {
            "best_seconds": min(times),
            "median_seconds": statistics.median(times),
            "all_seconds": times,
            "read_median_seconds": statistics.median(read_times),
            "count_only_median_seconds": statistics.median(count_times),
            "peak_traced_mb": peak / 2**20,
            "winners": list(result.winners),
            "rounds": len(result.rounds),
            "distinct_ballots": ballots.distinct,
            "checksum": result.ballot_checksum,
        }
    report["process_max_rss_mb"] = peak_resident_mb()
    report["subset"] = {}
    for method, seats in (("irv", 1), ("stv", SEATS)):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subset = Ballots.from_indices(names, arrays["ranked"][:SUBSET])
            result = count(method, ballots=subset, seats=seats)
            times.append(time.perf_counter() - start)
        report["subset"][method] = list(result.winners)
        report["subset"][f"{method}_median_seconds"] = statistics.median(times)
    return report


# ------------------------------------------------------------- other libraries


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    unique, counts = np.unique(rows, axis=0, return_counts=True)
    return unique, counts


def run_pyrankvote(ranked: np.ndarray) -> dict:
    import pyrankvote

    names = candidate_names()
    candidates = [pyrankvote.Candidate(name) for name in names]

    def build():
        return [
            pyrankvote.Ballot(ranked_candidates=[candidates[c] for c in row if c >= 0])
            for row in ranked.tolist()
        ]

    ballots, build_seconds = timed(build)
    result, count_seconds = timed(lambda: pyrankvote.instant_runoff_voting(candidates, ballots))
    return {
        "build_seconds": build_seconds,
        "count_seconds": count_seconds,
        "winners": [c.name for c in result.get_winners()],
    }


def votekit_profile(ranked: np.ndarray):
    from votekit.ballot import RankBallot
    from votekit.pref_profile import RankProfile

    names = candidate_names()
    unique, counts = distinct_rows(ranked)
    ballots = [
        RankBallot(ranking=[{names[c]} for c in row if c >= 0], weight=int(n))
        for row, n in zip(unique.tolist(), counts.tolist(), strict=True)
    ]
    return RankProfile(ballots=ballots, candidates=names, max_ranking_length=5)


def run_votekit(ranked: np.ndarray) -> dict:
    """votekit's fastest STV with fractional transfers (FastSTV, NumPy-based); the
    profile is built from the distinct ballots with weights, its cheapest input."""
    from votekit.elections import FastSTV

    profile, build_seconds = timed(lambda: votekit_profile(ranked))
    election, count_seconds = timed(lambda: FastSTV(profile, n_seats=SEATS, transfer="fractional"))
    winners = [name for group in election.get_elected() for name in sorted(group)]
    return {"build_seconds": build_seconds, "count_seconds": count_seconds, "winners": winners}


def run_votekit_classic(ranked: np.ndarray) -> dict:
    """votekit's original STV class (pandas-based, fractional transfer)."""
    from votekit.elections import STV

    profile, build_seconds = timed(lambda: votekit_profile(ranked))
    election, count_seconds = timed(lambda: STV(profile, n_seats=SEATS))
    winners = [name for group in election.get_elected() for name in sorted(group)]
    return {
        "ballots": len(ranked),
        "build_seconds": build_seconds,
        "count_seconds": count_seconds,
        "winners": winners,
    }


def run_pabutools(approval: np.ndarray) -> dict:
    from pabutools.election import (
        ApprovalMultiProfile,
        ApprovalProfile,
        Cardinality_Sat,
        FrozenApprovalBallot,
        Instance,
        Project,
    )
    from pabutools.rules import method_of_equal_shares

    names = candidate_names()

    def build():
        projects = [Project(name, 1) for name in names]
        instance = Instance(projects, budget_limit=SEATS)
        sets = np.sort(approval, axis=1)
        unique, counts = distinct_rows(sets)
        profile = ApprovalMultiProfile(instance=instance)
        for row, n in zip(unique.tolist(), counts.tolist(), strict=True):
            profile[FrozenApprovalBallot([projects[c] for c in row if c >= 0])] = n
        return instance, profile

    (instance, profile), build_seconds = timed(build)
    assert isinstance(profile, ApprovalMultiProfile) and not isinstance(profile, ApprovalProfile)
    outcome, count_seconds = timed(
        lambda: method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)
    )
    return {
        "build_seconds": build_seconds,
        "count_seconds": count_seconds,
        "winners": sorted(p.name for p in outcome),
        "seats_filled": len(outcome),
    }


def run_pref_voting(ranked: np.ndarray) -> dict:
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    names = candidate_names()

    def build():
        unique, counts = distinct_rows(ranked)
        rankings = [{c: i + 1 for i, c in enumerate(r) if c >= 0} for r in unique.tolist()]
        return ProfileWithTies(rankings, rcounts=counts.tolist(), candidates=list(range(40)))

    profile, build_seconds = timed(build)
    irv, irv_seconds = timed(lambda: instant_runoff(profile))
    stv, stv_seconds = timed(lambda: stv_scottish(profile, num_seats=SEATS))
    return {
        "ballots": len(ranked),
        "build_seconds": build_seconds,
        "irv_seconds": irv_seconds,
        "stv_seconds": stv_seconds,
        "irv_winners": [names[c] for c in irv],
        "stv_winners": [names[c] for c in stv],
    }


# ------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--skip-others", action="store_true", help="time this engine only (no other libraries)"
    )
    parser.add_argument("--engine", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(run_engine(args.engine, args.repeats)))
        return 0

    print(
        f"Generating {args.ballots:,} ranked and {args.ballots:,} approval ballots"
        f" over {CANDIDATES} candidates ...",
        flush=True,
    )
    ranked, approval = synthetic_ballots(args.ballots)
    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder) / "ranked.npy", ranked)
        np.save(Path(folder) / "approval.npy", approval)
        first = measure_engine(Path(folder), args.repeats)
        if first is None:
            return 1
        print_engine(first)

        others: dict = {}
        if not args.skip_others:
            others = run_others(ranked, approval)

        # The machine is shared: measure this engine again, in a new process, and
        # keep each method's better median of the two sessions.
        second = measure_engine(Path(folder), args.repeats)
        if second is None:
            return 1
        print_engine(second)
    engine = combine(first, second)

    report = summarise(args, engine, others)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


def measure_engine(folder: Path, repeats: int) -> dict | None:
    child = subprocess.run(
        [sys.executable, __file__, "--engine", str(folder), "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )
    if child.returncode:
        print(child.stderr, file=sys.stderr)
        return None
    return json.loads(child.stdout)


def print_engine(engine: dict) -> None:
    for label in ENGINE_METHODS:
        figures = engine[label]
        print(
            f"  this engine, {label:8s} best {figures['best_seconds']:.3f} s,"
            f" median {figures['median_seconds']:.3f} s,"
            f" peak {figures['peak_traced_mb']:.0f} MB traced;"
            f" winners {', '.join(figures['winners'])}",
            flush=True,
        )
    print(f"  this engine process: max resident memory {engine['process_max_rss_mb']:.0f} MB")


def combine(first: dict, second: dict) -> dict:
    """Per method, the session with the better median; memory, the worse of the two."""
    engine = {}
    for label in ENGINE_METHODS:
        a, b = first[label], second[label]
        if a["winners"] != b["winners"] or a["checksum"] != b["checksum"]:
            raise SystemExit(f"{label}: the two sessions disagree")
        chosen = dict(a if a["median_seconds"] <= b["median_seconds"] else b)
        chosen["peak_traced_mb"] = max(a["peak_traced_mb"], b["peak_traced_mb"])
        chosen["session_medians"] = [a["median_seconds"], b["median_seconds"]]
        engine[label] = chosen
    engine["process_max_rss_mb"] = max(first["process_max_rss_mb"], second["process_max_rss_mb"])
    subset = {}
    for key, value in first["subset"].items():
        other = second["subset"][key]
        subset[key] = min(value, other) if key.endswith("seconds") else value
    engine["subset"] = subset
    return engine


def run_others(ranked: np.ndarray, approval: np.ndarray) -> dict:
    others: dict = {}
    print("pyrankvote IRV ...", flush=True)
    others["pyrankvote_irv"] = run_pyrankvote(ranked)
    print("votekit STV ...", flush=True)
    others["votekit_stv"] = run_votekit(ranked)
    print("pabutools Method of Equal Shares ...", flush=True)
    others["pabutools_mes"] = run_pabutools(approval)
    print(f"votekit classic STV on the first {SUBSET:,} ballots ...", flush=True)
    others["votekit_classic_stv_subset"] = run_votekit_classic(ranked[:SUBSET])
    print(f"pref_voting on the first {SUBSET:,} ballots (several minutes) ...", flush=True)
    others["pref_voting_subset"] = run_pref_voting(ranked[:SUBSET])
    return others


def summarise(args, engine: dict, others: dict) -> dict:
    ours = {label: engine[label] for label in ENGINE_METHODS}
    peak = max(figures["peak_traced_mb"] for figures in ours.values())
    checks = {
        "irv_seconds": ours["irv"]["median_seconds"],
        "stv_seconds": ours["stv"]["median_seconds"],
        "approval_seconds": ours["approval"]["median_seconds"],
        "mes_seconds": ours["mes"]["median_seconds"],
        "peak_memory_mb": max(peak, engine["process_max_rss_mb"]),
    }
    agreement = {}
    ratios = {}
    if others:
        pyrankvote = others["pyrankvote_irv"]
        votekit = others["votekit_stv"]
        pabutools = others["pabutools_mes"]
        pref_voting = others["pref_voting_subset"]
        # Like for like: their counting against ours (our ballot set built and
        # checksummed beforehand), and end to end: their building plus counting
        # against our reading plus counting.
        ratios["ratio_pyrankvote_irv"] = (
            pyrankvote["count_seconds"] / ours["irv"]["count_only_median_seconds"]
        )
        ratios["ratio_pyrankvote_irv_end_to_end"] = (
            pyrankvote["build_seconds"] + pyrankvote["count_seconds"]
        ) / ours["irv"]["median_seconds"]
        ratios["ratio_pyrankvote_irv_count_vs_our_end_to_end"] = (
            pyrankvote["count_seconds"] / ours["irv"]["median_seconds"]
        )
        ratios["ratio_votekit_stv"] = (
            votekit["count_seconds"] / ours["stv"]["count_only_median_seconds"]
        )
        ratios["ratio_votekit_stv_end_to_end"] = (
            votekit["build_seconds"] + votekit["count_seconds"]
        ) / ours["stv"]["median_seconds"]
        ratios["ratio_votekit_stv_count_vs_our_end_to_end"] = (
            votekit["count_seconds"] / ours["stv"]["median_seconds"]
        )
        ratios["ratio_pabutools_mes"] = (
            pabutools["count_seconds"] / ours["mes"]["count_only_median_seconds"]
        )
        ratios["ratio_pabutools_mes_end_to_end"] = (
            pabutools["build_seconds"] + pabutools["count_seconds"]
        ) / ours["mes"]["median_seconds"]
        ratios["ratio_pref_voting_irv_subset"] = (
            pref_voting["irv_seconds"] / engine["subset"]["irv_median_seconds"]
        )
        ratios["ratio_pref_voting_stv_subset"] = (
            pref_voting["stv_seconds"] / engine["subset"]["stv_median_seconds"]
        )
        ratios["ratio_votekit_classic_stv_subset"] = (
            others["votekit_classic_stv_subset"]["count_seconds"]
            / engine["subset"]["stv_median_seconds"]
        )
        agreement = {
            "pyrankvote_irv": pyrankvote["winners"] == ours["irv"]["winners"],
            "votekit_stv": sorted(votekit["winners"]) == sorted(ours["stv"]["winners"]),
            "pabutools_mes_equal_shares_phase": set(pabutools["winners"])
            <= set(ours["mes"]["winners"]),
            "votekit_classic_stv_subset": sorted(others["votekit_classic_stv_subset"]["winners"])
            == sorted(engine["subset"]["stv"]),
            "pref_voting_irv_subset": pref_voting["irv_winners"] == engine["subset"]["irv"],
            "pref_voting_stv_subset": sorted(pref_voting["stv_winners"])
            == sorted(engine["subset"]["stv"]),
        }
        checks.update(ratios)
    passed = {
        key: (value >= TARGETS[key]) if key.startswith("ratio") else (value <= TARGETS[key])
        for key, value in checks.items()
        if key in TARGETS
    }
    return {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "note": "shared, noisy 2-core machine; our timings are single-threaded, "
            "repeated in two separate processes (before and after the other libraries); "
            "each method keeps the better of the two medians, and targets are checked "
            "on that median",
        },
        "ballots": args.ballots,
        "candidates": CANDIDATES,
        "seats": SEATS,
        "seed": SEED,
        "this_engine": ours,
        "this_engine_process_max_rss_mb": engine["process_max_rss_mb"],
        "this_engine_subset_winners": engine["subset"],
        "other_libraries": others,
        "ratios": ratios,
        "winners_agree": agreement,
        "targets": TARGETS,
        "measured": checks,
        "target_met": passed,
    }


def print_summary(report: dict) -> None:
    print("\nSummary")
    ours = report["this_engine"]
    for label, figures in ours.items():
        print(
            f"  {label:9s} reading {figures['read_median_seconds']:.3f} s + counting"
            f" {figures['count_only_median_seconds']:.3f} s (medians);"
            f" together best {figures['best_seconds']:.3f} s   median"
            f" {figures['median_seconds']:.3f} s   ({figures['distinct_ballots']:,} distinct"
            f" ballots, {figures['rounds']} rounds)"
        )
    for name, figures in report["other_libraries"].items():
        timing = ", ".join(f"{k} {v:.2f}" for k, v in figures.items() if k.endswith("seconds"))
        print(f"  {name:20s} {timing}")
    for name, ratio in report["ratios"].items():
        print(f"  {name:24s} {ratio:6.1f}x")
    for name, same in report["winners_agree"].items():
        print(f"  same winners, {name:34s} {'yes' if same else 'NO'}")
    for key, ok in report["target_met"].items():
        value = report["measured"][key]
        print(
            f"  target {key:22s} {TARGETS[key]:>7}  measured {value:9.3f}  "
            f"{'met' if ok else 'NOT MET'}"
        )


if __name__ == "__main__":
    sys.exit(main())
