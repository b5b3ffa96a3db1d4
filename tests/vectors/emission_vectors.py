#!/usr/bin/env python3
"""Independent test vectors for the IO emission schedule (docs/supply.md), in exact rational
arithmetic by direct summation of the monthly amounts (not the closed form the program's table
and the SDK use):

    month j emits E0 * r^j with E0 = 500,000,000 IO * 8% / 12 and r = 0.9898;
    cumulative at a month start = floor(sum of the earlier months) in base units (1e-8 IO);
    within a month, floor(month amount in base units * hour-in-month / 730) is added;
    never above 300,000,000 IO.

Usage: emission_vectors.py HOUR... -> JSON {"HOUR": "base_units", ...}
"""
import json
import sys
from fractions import Fraction

BASE = 10**8
E0 = Fraction(500_000_000 * BASE * 8, 100 * 12)
R = Fraction(9898, 10000)
CAP = 300_000_000 * BASE
MONTH = 730


def month_start(m):
    total, term = Fraction(0), E0
    for _ in range(m):
        total += term
        term *= R
    return total.numerator // total.denominator


def cumulative(hour):
    m, k = divmod(hour, MONTH)
    start = month_start(m)
    if start >= CAP:
        return CAP
    amount = month_start(m + 1) - start
    return min(CAP, start + amount * k // MONTH)


if __name__ == "__main__":
    # Strings: the values exceed the 53-bit integers JSON readers keep exactly.
    print(json.dumps({h: str(cumulative(int(h))) for h in sys.argv[1:]}))
