"""Throughput of flytcheck's person-number classifier against python-stdnum, on the same mixed inputs.

    python benchmarks/bench_ids.py [--n 1000000] [--repeat 5] [--seed 2032]

The inputs are generated here, deterministically from the seed (real-format numbers are computed, never
stored): valid fødselsnummer, D-numbers (old and 2021 series), 2032-rule numbers, H-, FH-, Tenor synthetic and
pseudo numbers, single-digit typos, 10-digit values that lost their leading 0, and garbage. Prints the median
classifications per second of each, the ratio, and how many inputs the two disagree on, per category.

Expected disagreements (docs/criteria.md §5): stdnum accepts H-numbers, DDMMYY00000 and values with inner spaces,
rejects the 2021 D-series for 1940-1999 (and reads the 2000-2039 ones as 1900s, so those agree by luck).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

try:
    from flytcheck.identity.numbers import classify_person
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from flytcheck.identity.numbers import classify_person

from stdnum.no import fodselsnummer

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def with_check_digits(first9: str, k1_rest: int = 0) -> str | None:
    """first9 + K1 + K2, K1 chosen so that (S1 + K1) mod 11 == k1_rest; None when no digit fits."""
    k1 = (k1_rest - sum(w * int(c) for w, c in zip(W1, first9, strict=True))) % 11
    k2 = -sum(w * int(c) for w, c in zip(W2, first9 + str(k1 % 10), strict=True)) % 11
    return None if k1 == 10 or k2 == 10 else f"{first9}{k1}{k2}"


def person(rng: random.Random, *, day_add: int = 0, month_add: int = 0, d_2021: bool = False, k1_rest: int = 0) -> str:
    """A well-formed person number born 1900-2024 (1940-2024 for the 2021 D-series) of the right series."""
    first = date(1940, 1, 1) if d_2021 else date(1900, 1, 1)
    while True:
        born = first + timedelta(days=rng.randrange((date(2024, 12, 31) - first).days))
        yy = born.year % 100
        if d_2021:  # series only the 2021 D-number table has
            ind = rng.randrange(750, 900) if born.year < 2000 else rng.randrange(200, 500)
        elif born.year < 2000:
            ind = (
                rng.randrange(0, 500)
                if born.year < 1940
                else rng.choice((rng.randrange(0, 500), rng.randrange(900, 1000)))
            )
        else:
            ind = rng.randrange(500, 1000)
        number = with_check_digits(f"{born.day + day_add:02d}{born.month + month_add:02d}{yy:02d}{ind:03d}", k1_rest)
        if number is not None and not number.endswith("00000"):
            return number


def garbage(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.5:
        return "".join(rng.choice("0123456789") for _ in range(11))
    if pick < 0.7:
        return "".join(rng.choice("0123456789") for _ in range(rng.randrange(0, 14)))
    if pick < 0.85:
        text = person(rng)
        return text[:6] + " " + text[6:]
    return "".join(rng.choice("0123456789abc-/ ") for _ in range(11))


def typo(rng: random.Random) -> str:
    text = person(rng)
    pos = rng.randrange(11)
    return text[:pos] + str((int(text[pos]) + rng.randrange(1, 10)) % 10) + text[pos + 1 :]


CATEGORIES: list[tuple[str, float, Callable[[random.Random], str]]] = [
    ("fnr", 0.40, person),
    ("d-nummer", 0.08, lambda r: person(r, day_add=40)),
    ("d-nummer-2021", 0.03, lambda r: person(r, day_add=40, d_2021=True)),
    ("2032-rule", 0.03, lambda r: person(r, k1_rest=r.randrange(1, 4))),
    ("h-nummer", 0.05, lambda r: person(r, month_add=40)),
    ("synthetic", 0.05, lambda r: person(r, month_add=80)),
    ("fh-nummer", 0.01, lambda r: str(rng_digit(r, "89")) + person(r)[1:]),
    ("pseudo", 0.03, lambda r: person(r)[:6] + "00000"),
    ("typo", 0.07, typo),
    ("10-digit", 0.05, lambda r: person(r)[1:]),
    ("garbage", 0.20, garbage),
]


def rng_digit(rng: random.Random, digits: str) -> str:
    return rng.choice(digits)


def make_inputs(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    names = [c[0] for c in CATEGORIES]
    makers = {c[0]: c[2] for c in CATEGORIES}
    chosen = rng.choices(names, weights=[c[1] for c in CATEGORIES], k=n)
    return [(name, makers[name](rng)) for name in chosen]


def rate(run: Callable[[], object], n: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2032)
    args = parser.parse_args()

    inputs = make_inputs(args.n, args.seed)
    values = [v for _, v in inputs]
    today = date.today()  # stdnum has no reference date: compare at today's
    stdnum_valid = fodselsnummer.is_valid

    def ours() -> None:
        for v in values:
            classify_person(v, today)

    def theirs() -> None:
        for v in values:
            stdnum_valid(v)

    ours_rate = rate(ours, args.n, args.repeat)
    theirs_rate = rate(theirs, args.n, args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()}, {args.n:,} inputs, median of {args.repeat}")
    print(f"flytcheck classify_person : {ours_rate:12,.0f} /s")
    print(f"stdnum fodselsnummer      : {theirs_rate:12,.0f} /s")
    print(f"ratio                     : {ours_rate / theirs_rate:12.2f} x")

    total: Counter[str] = Counter()
    disagree: Counter[tuple[str, str]] = Counter()
    for name, value in inputs:
        total[name] += 1
        mine, other = classify_person(value, today).valid, stdnum_valid(value)
        if mine != other:
            disagree[name, "only flytcheck valid" if mine else "only stdnum valid"] += 1
    print("\ndisagreements by category (flytcheck rejects synthetic numbers by default):")
    for name, _, _ in CATEGORIES:
        parts = [f"{count:,} {side}" for (cat, side), count in sorted(disagree.items()) if cat == name]
        print(f"  {name:14} {total[name]:>9,} inputs  {', '.join(parts) or 'agree'}")


if __name__ == "__main__":
    main()
