#!/usr/bin/env python3
"""Known-answer vectors for mlgate-stats, from numpy and scipy.

Writes vectors.json next to this script. The Rust tests (tests/known_answers.rs) read it and
compare within 1e-9 relative on statistics and 1e-6 relative on p-values (absolute 1e-12 near 0).
CI does not run this script: the vectors are committed. To regenerate:

    python3 -m venv /tmp/refenv
    /tmp/refenv/bin/pip install -r crates/stats/tests/reference/requirements.txt
    /tmp/refenv/bin/python crates/stats/tests/reference/make_vectors.py

Every case is seeded. Small samples are written out; large ones are described by a generator
that Rust reproduces bit for bit (SplitMix64, see `gen`), so the file stays small.

Where scipy has no function (the Hodges-Lehmann interval, the bootstrap with this crate's
resampling scheme, mSPRT, PSI), the reference is a direct, brute-force Python implementation of
the definition documented in the Rust module, independent of the Rust algorithm.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

MASK = (1 << 64) - 1
CASES = []


def fin(x):
    """JSON has no inf/nan: write them as strings."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return [fin(v) for v in x]
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def add(test, args, expected):
    CASES.append({"test": test, "args": args, "expected": {k: fin(v) for k, v in expected.items()}})


# ---- SplitMix64, as crates/stats/src/bootstrap.rs ----------------------------------------------

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def index(self, n):
        return (self.next_u64() * n) >> 64

    def uniform(self):
        return (self.next_u64() >> 11) * (2.0 ** -53)


def gen(n, seed, scale=1.0, shift=0.0, levels=0):
    """Sample reproduced in Rust: shift + scale * u (u uniform in [0,1), 53 bits), or
    shift + scale * floor(u * levels) / levels when `levels` (ties)."""
    rng = SplitMix64(seed)
    out = []
    for _ in range(n):
        u = rng.uniform()
        q = math.floor(u * levels) / levels if levels else u
        out.append(shift + scale * q)
    return np.array(out), {"gen": {"n": n, "seed": seed, "scale": scale, "shift": shift, "levels": levels}}


def sample(values):
    values = np.asarray(values, dtype=float)
    return values, [float(v) for v in values]


def small(rng, n, kind="normal", loc=0.0, ties=None):
    if kind == "normal":
        v = rng.normal(loc, 1.0, n)
    elif kind == "lognormal":
        v = rng.lognormal(loc, 0.5, n)
    else:
        v = rng.exponential(1.0, n) + loc
    if ties is not None:
        v = np.round(v, ties)
    return sample(v)


ALTS = ["two-sided", "greater", "less"]


# ---- Mann-Whitney ---------------------------------------------------------------------------

def mwu_cases():
    rng = np.random.default_rng(20261126)
    for n1 in range(1, 11):
        for n2 in (1, 3, 7, 10):
            x, xj = small(rng, n1, loc=0.3 * (n1 % 3))
            y, yj = small(rng, n2)
            alt = ALTS[(n1 + n2) % 3]
            r = stats.mannwhitneyu(x, y, alternative=alt, method="auto")
            add("mann_whitney", {"x": xj, "y": yj, "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # ties (asymptotic), explicit methods, all alternatives
    for i, (n1, n2, dec) in enumerate([(12, 15, 0), (30, 25, 1), (8, 8, 0), (5, 40, 1), (60, 60, 0)]):
        x, xj = small(rng, n1, loc=0.4, ties=dec)
        y, yj = small(rng, n2, ties=dec)
        for alt in ALTS:
            for method in ("auto", "asymptotic"):
                r = stats.mannwhitneyu(x, y, alternative=alt, method=method)
                add("mann_whitney", {"x": xj, "y": yj, "alternative": alt, "method": method},
                    {"statistic": r.statistic, "p_value": r.pvalue})
    # exact on larger samples without ties
    for n1, n2 in [(6, 30), (8, 200), (12, 14)]:
        x, xj = small(rng, n1, loc=0.8)
        y, yj = small(rng, n2)
        for alt in ALTS:
            r = stats.mannwhitneyu(x, y, alternative=alt, method="exact")
            add("mann_whitney", {"x": xj, "y": yj, "alternative": alt, "method": "exact"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # extreme p-values: fully separated samples
    for n in (9, 50, 300):
        x, xj = sample(np.arange(n) + 1000.0)
        y, yj = sample(np.arange(n) * 1.0)
        r = stats.mannwhitneyu(x, y, alternative="two-sided")
        add("mann_whitney", {"x": xj, "y": yj, "alternative": "two-sided", "method": "auto"},
            {"statistic": r.statistic, "p_value": r.pvalue})
    # constant samples (defined: the pooled sample still varies)
    for xc, yv in [([5.0] * 12, None), ([5.0] * 12, [7.0] * 15), ([0.0] * 30, None)]:
        x = np.array(xc)
        y = np.array(yv) if yv is not None else small(rng, 20)[0]
        for alt in ALTS:
            r = stats.mannwhitneyu(x, y, alternative=alt)
            add("mann_whitney", {"x": sample(x)[1], "y": sample(y)[1], "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # identical samples; n = 5000 per arm (generated), with and without ties
    x, xj = small(rng, 20)
    r = stats.mannwhitneyu(x, x)
    add("mann_whitney", {"x": xj, "y": xj, "alternative": "two-sided", "method": "auto"},
        {"statistic": r.statistic, "p_value": r.pvalue})
    for seed, shift, levels in [(1, 0.0, 0), (2, 0.02, 0), (3, 0.0, 50), (4, 0.05, 20)]:
        x, xg = gen(5000, seed)
        y, yg = gen(5000, seed + 100, shift=shift, levels=levels)
        for alt in ALTS:
            r = stats.mannwhitneyu(x, y, alternative=alt)
            add("mann_whitney", {"x": xg, "y": yg, "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})


# ---- Hodges-Lehmann (brute force over the definition) -----------------------------------------

def hl_reference(x, y, conf):
    """Median of all differences y - x, and [inf A, sup A] for A = {d : |z(d)| <= zq}, z with
    the tie correction of the pooled sample {x} U {y - d} and R's continuity correction. Candidate
    shifts: every distinct difference and every open interval between consecutive ones."""
    D = np.subtract.outer(y, x)
    m, n = len(x), len(y)
    mn, N = m * n, m + n
    est = float(np.median(D))
    vals = np.unique(D)
    xv, xc = np.unique(x, return_counts=True)
    yv, yc = np.unique(y, return_counts=True)
    within = float(np.sum(xc ** 3 - xc) + np.sum(yc ** 3 - yc))
    zq = stats.norm.ppf(1 - (1 - conf) / 2)

    def z_at(u, tie):
        s = math.sqrt(mn / 12.0 * ((N + 1) - tie / (N * (N - 1))))
        num = (u - mn / 2.0)
        num -= 0.5 * np.sign(num)
        if s == 0:
            return 0.0 if num == 0 else math.copysign(math.inf, num)
        return num / s

    def tie_at(d):
        # cross ties: x group v and y group w with w - v == d (as the differences are computed)
        t = 0.0
        used_x, used_y = set(), set()
        for i, v in enumerate(xv):
            js = np.nonzero(yv - v == d)[0]
            for j in js:
                if j in used_y:
                    continue
                used_x.add(i)
                used_y.add(j)
                g = xc[i] + yc[j]
                t += g ** 3 - g
                break
        for i, c in enumerate(xc):
            if i not in used_x:
                t += c ** 3 - c
        for j, c in enumerate(yc):
            if j not in used_y:
                t += c ** 3 - c
        return float(t)

    accepted_lo, accepted_hi = [], []
    # open intervals: below all, between, above all
    edges = [-math.inf] + list(vals) + [math.inf]
    for a in range(len(edges) - 1):
        left, right = edges[a], edges[a + 1]
        u = float(np.sum(D > left)) if left != -math.inf else float(mn)
        if abs(z_at(u, within)) <= zq:
            accepted_lo.append(left)
            accepted_hi.append(right)
    for v in vals:
        u = float(np.sum(D > v) + 0.5 * np.sum(D == v))
        if abs(z_at(u, tie_at(v))) <= zq:
            accepted_lo.append(v)
            accepted_hi.append(v)
    if not accepted_lo:
        # the test jumps over the band at one difference value: the interval is that value
        for a in range(len(vals)):
            u = float(np.sum(D > vals[a]))
            if z_at(u, within) <= zq:
                return est, [float(vals[a]), float(vals[a])]
    return est, [float(min(accepted_lo)), float(max(accepted_hi))]


def hl_cases():
    rng = np.random.default_rng(7)
    specs = [(5, 5, None, 0.0), (7, 9, None, 0.5), (10, 12, 1, 0.3), (20, 15, None, -0.4),
             (25, 30, 0, 0.0), (40, 40, 1, 1.0), (60, 50, None, 0.2), (3, 4, None, 0.0),
             (12, 12, 0, 2.0), (33, 21, 2, -1.0), (50, 60, 0, 0.5), (8, 30, None, 0.1)]
    for i, (m, n, ties, shift) in enumerate(specs):
        for conf in (0.98, 0.95, 0.80):
            x, xj = small(rng, m, ties=ties)
            y, yj = small(rng, n, loc=shift, ties=ties)
            est, ci = hl_reference(x, y, conf)
            add("hodges_lehmann", {"baseline": xj, "canary": yj, "confidence": conf},
                {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})
    # zero-inflated latency-like data, and integer counts with heavy ties
    for seed in (1, 2, 3):
        r = np.random.default_rng(seed)
        x = np.where(r.random(80) < 0.8, 0.0, r.exponential(5.0, 80))
        y = np.where(r.random(70) < 0.7, 0.0, r.exponential(6.0, 70) + 1.0)
        est, ci = hl_reference(x, y, 0.98)
        add("hodges_lehmann", {"baseline": sample(x)[1], "canary": sample(y)[1], "confidence": 0.98},
            {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})
        x = r.poisson(3, 50).astype(float)
        y = r.poisson(4, 45).astype(float)
        est, ci = hl_reference(x, y, 0.95)
        add("hodges_lehmann", {"baseline": sample(x)[1], "canary": sample(y)[1], "confidence": 0.95},
            {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})
    # a constant baseline against a varied canary, and two different constants
    for x, y in [(np.full(15, 2.0), small(rng, 18)[0]), (np.full(10, 1.0), np.full(12, 3.0))]:
        est, ci = hl_reference(x, y, 0.95)
        add("hodges_lehmann", {"baseline": sample(x)[1], "canary": sample(y)[1], "confidence": 0.95},
            {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})
    # too small to reach the level: infinite ends
    est, ci = hl_reference(np.array([1.0, 2.0]), np.array([3.0]), 0.98)
    add("hodges_lehmann", {"baseline": [1.0, 2.0], "canary": [3.0], "confidence": 0.98},
        {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})


# ---- Kolmogorov-Smirnov -----------------------------------------------------------------------

def ks_cases():
    rng = np.random.default_rng(11)
    for n1, n2 in [(1, 1), (3, 5), (5, 5), (8, 13), (10, 10), (20, 35), (50, 50), (100, 80),
                   (300, 250), (1000, 999)]:
        x, xj = small(rng, n1, loc=0.3)
        y, yj = small(rng, n2)
        for alt in ALTS:
            r = stats.ks_2samp(x, y, alternative=alt, method="auto")
            add("ks_2samp", {"x": xj, "y": yj, "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # constant samples
    for x, y in [(np.full(10, 1.0), np.full(10, 2.0)), (np.full(7, 3.0), small(rng, 9)[0])]:
        for alt in ALTS:
            r = stats.ks_2samp(x, y, alternative=alt)
            add("ks_2samp", {"x": sample(x)[1], "y": sample(y)[1], "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # ties
    x, xj = small(rng, 40, ties=0)
    y, yj = small(rng, 30, loc=0.5, ties=0)
    for alt in ALTS:
        r = stats.ks_2samp(x, y, alternative=alt)
        add("ks_2samp", {"x": xj, "y": yj, "alternative": alt, "method": "auto"},
            {"statistic": r.statistic, "p_value": r.pvalue})
    # asymptotic: one arm above 10000
    for (n1, seed1), (n2, seed2), shift in [((12000, 5), (60, 6), 0.1), ((12000, 7), (400, 8), 0.05),
                                            ((15000, 9), (15000, 10), 0.01), ((20000, 11), (3000, 12), 0.0),
                                            ((11000, 13), (11000, 14), 0.06)]:
        x, xg = gen(n1, seed1)
        y, yg = gen(n2, seed2, shift=shift)
        for alt in ALTS:
            r = stats.ks_2samp(x, y, alternative=alt, method="auto")
            add("ks_2samp", {"x": xg, "y": yg, "alternative": alt, "method": "auto"},
                {"statistic": r.statistic, "p_value": r.pvalue})
    # explicit asymptotic on small samples
    x, xj = small(rng, 30, loc=0.4)
    y, yj = small(rng, 40)
    for alt in ALTS:
        r = stats.ks_2samp(x, y, alternative=alt, method="asymp")
        add("ks_2samp", {"x": xj, "y": yj, "alternative": alt, "method": "asymptotic"},
            {"statistic": r.statistic, "p_value": r.pvalue})
    # the one-sample Kolmogorov distribution over every branch of scipy's kstwo.sf
    for n, xv in [(5, 0.05), (5, 0.15), (10, 0.1), (10, 0.25), (10, 0.6), (10, 0.95), (50, 0.08),
                  (50, 0.15), (50, 0.3), (140, 0.05), (140, 0.12), (140, 0.2), (141, 0.05),
                  (500, 0.02), (500, 0.05), (500, 0.08), (2000, 0.01), (2000, 0.03), (2000, 0.5),
                  (50000, 0.002), (50000, 0.004), (50000, 0.01), (200000, 0.001), (200000, 0.002),
                  (200000, 0.0035), (1000, 0.0004), (1000, 0.999)]:
        add("kolmogorov_sf", {"n": n, "x": xv}, {"p_value": stats.kstwo.sf(xv, n)})
    for n, xv in [(5, 0.3), (50, 0.1), (1000, 0.04), (100000, 0.005), (10, 0.9)]:
        add("smirnov_sf", {"n": n, "x": xv}, {"p_value": special.smirnov(n, xv)})


# ---- counts -------------------------------------------------------------------------------------

def count_cases():
    rng = np.random.default_rng(3)
    tables = [([10, 20, 30], [12, 18, 35]), ([5, 0, 7], [3, 0, 9]), ([100, 50], [80, 70]),
              ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), ([3, 4], [5, 1]), ([1000, 10], [990, 25]),
              ([0, 10], [0, 7])]
    for a, b in tables:
        for yates in (True, False):
            cols = [(p, q) for p, q in zip(a, b) if p + q > 0]
            if len(cols) < 2:
                add("chi2_homogeneity", {"a": a, "b": b, "yates": yates}, {"statistic": 0.0, "p_value": 1.0})
                continue
            t = np.array([[p for p, _ in cols], [q for _, q in cols]])
            r = stats.chi2_contingency(t, correction=yates)
            add("chi2_homogeneity", {"a": a, "b": b, "yates": yates}, {"statistic": r.statistic, "p_value": r.pvalue})
    fisher_tables = [[[0, 10000], [12, 9988]], [[0, 100], [1, 99]], [[3, 7], [8, 2]], [[10, 10], [10, 10]],
                     [[1, 0], [0, 1]], [[50, 950], [75, 925]], [[2, 30], [9, 40]], [[0, 5], [0, 9]],
                     [[5, 0], [2, 3]]]
    for t in fisher_tables:
        for alt in ALTS:
            r = stats.fisher_exact(t, alternative=alt)
            add("fisher_exact", {"table": t, "alternative": alt}, {"statistic": r.statistic, "p_value": r.pvalue})
    for k, n, p in [(3, 10, 0.5), (0, 20, 0.1), (20, 20, 0.9), (7, 100, 0.03), (500, 1000, 0.5), (12, 10000, 0.0005),
                    (1, 3, 0.7)]:
        for alt in ALTS:
            r = stats.binomtest(k, n, p, alternative=alt)
            add("binomial_test", {"k": k, "n": n, "p": p, "alternative": alt},
                {"statistic": r.statistic, "p_value": r.pvalue})
    for x1, n1, x2, n2 in [(12, 10000, 3, 10000), (45, 500, 30, 520), (0, 100, 5, 100), (300, 1000, 290, 1000),
                           (1, 2, 1, 3)]:
        p1, p2 = x1 / n1, x2 / n2
        pooled = (x1 + x2) / (n1 + n2)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (p1 - p2) / se
        pv = {"two-sided": 2 * stats.norm.sf(abs(z)), "greater": stats.norm.sf(z), "less": stats.norm.cdf(z)}
        for alt in ALTS:
            add("two_proportion_z", {"x1": x1, "n1": n1, "x2": x2, "n2": n2, "alternative": alt},
                {"statistic": z, "p_value": min(1.0, pv[alt])})
    # McNemar as statsmodels' mcnemar(table, exact=..., correction=True)
    for b, c in [(10, 3), (0, 5), (25, 25), (100, 70), (1, 0), (40, 12), (7, 9)]:
        k = min(b, c)
        add("mcnemar", {"b": b, "c": c, "exact": True},
            {"statistic": k, "p_value": min(1.0, 2 * stats.binom.cdf(k, b + c, 0.5))})
        stat = (abs(b - c) - 1) ** 2 / (b + c)
        add("mcnemar", {"b": b, "c": c, "exact": False}, {"statistic": stat, "p_value": stats.chi2.sf(stat, 1)})


# ---- distances, binning, quantiles ------------------------------------------------------------

def psi_reference(r, c):
    r = np.where(np.asarray(r) == 0, 0.0001, r)
    c = np.where(np.asarray(c) == 0, 0.0001, c)
    return float(np.sum((c - r) * np.log(c / r)))


def distance_cases():
    rng = np.random.default_rng(5)
    for i in range(6):
        k = 3 + i
        r = rng.dirichlet(np.ones(k))
        c = rng.dirichlet(np.ones(k))
        if i % 2:
            r[0] = 0.0
            r = r / r.sum()
        if i == 4:
            c[1] = 0.0
            c = c / c.sum()
        rl, cl = [float(v) for v in r], [float(v) for v in c]
        add("psi", {"reference": rl, "current": cl}, {"statistic": psi_reference(r, c)})
        add("jensen_shannon", {"reference": rl, "current": cl},
            {"statistic": distance.jensenshannon(r, c, base=2)})
        add("linf", {"reference": rl, "current": cl}, {"statistic": float(np.max(np.abs(r - c)))})
    for m, n, shift, ties in [(50, 60, 0.3, None), (200, 150, 0.0, 1), (10, 10, 1.0, None), (500, 800, -0.2, 2),
                              (1, 1, 0.5, None)]:
        x, xj = small(rng, m, ties=ties)
        y, yj = small(rng, n, loc=shift, ties=ties)
        add("wasserstein", {"reference": xj, "current": yj}, {"statistic": stats.wasserstein_distance(x, y)})
        if np.std(x) > 0:
            add("wasserstein_normalized", {"reference": xj, "current": yj},
                {"statistic": stats.wasserstein_distance(x, y) / np.std(x)})
    # Sturges bins of the pooled sample and the shares in them (Evidently's get_binned_data)
    for m, n, shift, ties in [(100, 120, 0.2, None), (1000, 700, 0.0, 1), (30, 5, 2.0, 0), (7, 7, 0.0, None)]:
        x, xj = small(rng, m, ties=ties)
        y, yj = small(rng, n, loc=shift, ties=ties)
        edges = np.histogram_bin_edges(np.concatenate([x, y]), bins="sturges")
        rs = np.histogram(x, edges)[0] / m
        cs = np.histogram(y, edges)[0] / n
        add("binned", {"reference": xj, "current": yj},
            {"edges": list(edges), "reference_shares": list(rs), "current_shares": list(cs)})
    add("binned", {"reference": [2.0, 2.0], "current": [2.0]},
        {"edges": list(np.histogram_bin_edges([2.0, 2.0, 2.0], bins="sturges")), "reference_shares": [1.0],
         "current_shares": [1.0]})
    add("wasserstein", {"reference": [3.0] * 5, "current": [4.0] * 3},
        {"statistic": stats.wasserstein_distance([3.0] * 5, [4.0] * 3)})
    for q in (0.1, 0.5):
        add("quantile", {"sample": [2.5] * 6, "q": q}, {"statistic": np.quantile([2.5] * 6, q)})
    for n in (1, 2, 5, 10, 101):
        x, xj = small(rng, n, kind="lognormal")
        for q in (0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 1.0):
            add("quantile", {"sample": xj, "q": q}, {"statistic": np.quantile(x, q)})


# ---- bootstrap (this crate's resampling, reproduced) ------------------------------------------

STATISTICS = {
    "mean": lambda a: float(np.mean(a)),
    "median": lambda a: float(np.median(a)),
    "std": lambda a: float(np.std(a, ddof=1)) if len(a) > 1 else 0.0,
    "mean_diff": lambda a, b: float(np.mean(b) - np.mean(a)),
    "q90_diff": lambda a, b: float(np.quantile(b, 0.9) - np.quantile(a, 0.9)),
}


def bootstrap_reference(samples, stat, conf, B, seed, method, groups=None):
    f = STATISTICS[stat]
    est = f(*samples)
    rng = SplitMix64(seed)
    reps = []
    for _ in range(B):
        res = []
        for s in samples:
            res.append(np.array([s[rng.index(len(s))] for _ in range(len(s))]))
        reps.append(f(*res))
    reps = np.array(reps)
    alpha = 1 - conf
    if method == "percentile":
        lo, hi = alpha / 2, 1 - alpha / 2
    else:
        z0 = stats.norm.ppf(np.sum(reps < est) / B)
        num = den = 0.0
        for j, s in enumerate(samples):
            loo = []
            n = len(s)
            g = n if groups is None else min(n, max(groups, 2))
            for block in range(g):
                lo, hi = block * n // g, (block + 1) * n // g
                parts = list(samples)
                parts[j] = np.concatenate([s[:lo], s[hi:]])
                loo.append(f(*parts))
            loo = np.array(loo)
            d = loo.mean() - loo
            num += np.sum(d ** 3)
            den += np.sum(d ** 2)
        a = num / (6 * den ** 1.5)

        def adj(z):
            return stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))

        lo, hi = adj(stats.norm.ppf(alpha / 2)), adj(stats.norm.ppf(1 - alpha / 2))
    s = np.sort(reps)
    return est, [float(np.quantile(s, lo)), float(np.quantile(s, hi))]


def bootstrap_cases():
    rng = np.random.default_rng(13)
    for stat, sizes, method, conf, B, seed, groups in [
        ("mean", (300,), "bca", 0.95, 500, 9, 40), ("median", (101,), "bca", 0.9, 300, 10, 7),
    ]:
        samples = [small(rng, n, kind="lognormal")[0] for n in sizes]
        est, ci = bootstrap_reference(samples, stat, conf, B, seed, "bca", groups)
        add("bootstrap", {"samples": [[float(v) for v in s] for s in samples], "statistic": stat,
                          "confidence": conf, "resamples": B, "seed": seed, "interval": "bca",
                          "jackknife_groups": groups},
            {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})
    for stat, sizes, method, conf, B, seed in [
        ("mean", (30,), "percentile", 0.95, 500, 1), ("mean", (30,), "bca", 0.95, 500, 1),
        ("median", (41,), "bca", 0.90, 400, 2), ("std", (25,), "bca", 0.95, 300, 3),
        ("mean", (200,), "bca", 0.99, 1000, 4), ("mean_diff", (40, 35), "percentile", 0.95, 500, 5),
        ("mean_diff", (40, 35), "bca", 0.95, 500, 5), ("q90_diff", (60, 50), "bca", 0.98, 400, 6),
        ("median", (15,), "percentile", 0.8, 200, 7), ("mean_diff", (12, 80), "bca", 0.9, 300, 8),
    ]:
        samples = [small(rng, n, kind="lognormal")[0] for n in sizes]
        est, ci = bootstrap_reference(samples, stat, conf, B, seed, method)
        add("bootstrap", {"samples": [[float(v) for v in s] for s in samples], "statistic": stat,
                          "confidence": conf, "resamples": B, "seed": seed, "interval": method},
            {"estimate": est, "ci_low": ci[0], "ci_high": ci[1]})


# ---- multiple comparisons, mSPRT --------------------------------------------------------------

def multiple_cases():
    rng = np.random.default_rng(17)
    vectors = [[0.01, 0.04, 0.03, 0.005], [0.5], [0.001, 0.2, 0.2, 0.9, 0.04, 0.049], [1.0, 0.0, 0.5],
               list(rng.random(10) * 0.1), [0.02, 0.02, 0.02]]
    for p in vectors:
        p = [float(v) for v in p]
        pa = np.array(p)
        m = len(p)
        bonf = np.minimum(1.0, pa * m)
        order = np.argsort(pa, kind="stable")
        holm = np.empty(m)
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (m - rank) * pa[i]))
            holm[i] = running
        bh = stats.false_discovery_control(pa, method="bh")
        for name, adj in (("bonferroni", bonf), ("holm", holm), ("bh", bh)):
            add("adjust", {"p_values": p, "method": name}, {"adjusted": [float(v) for v in adj]})


def msprt_reference(b, c, alpha, tau2):
    vb, vc = np.var(b, ddof=1), np.var(c, ddof=1)
    if tau2 is None:
        tau2 = (vb + vc) / 2
    nb, nc = len(b), len(c)
    L = max(nb, nc)
    p = 1.0
    lo, hi = -math.inf, math.inf
    ps = []
    for k in range(1, L + 1):
        ub, uc = -(-k * nb // L), -(-k * nc // L)
        theta = np.mean(c[:uc]) - np.mean(b[:ub])
        v = vb / ub + vc / uc
        ln_lambda = 0.5 * math.log(v / (v + tau2)) + tau2 * theta ** 2 / (2 * v * (v + tau2))
        p = min(p, math.exp(-ln_lambda), 1.0)
        ps.append(p)
        r = math.sqrt(v * (v + tau2) / tau2 * (math.log((v + tau2) / v) - 2 * math.log(alpha)))
        lo, hi = max(lo, theta - r), min(hi, theta + r)
    return p, [lo, hi], tau2, ps


def msprt_cases():
    rng = np.random.default_rng(19)
    for nb, nc, shift, alpha, tau2 in [(50, 50, 0.0, 0.05, None), (80, 60, 0.5, 0.05, None),
                                      (200, 200, 0.2, 0.01, 0.5), (30, 90, -0.8, 0.1, None), (10, 10, 3.0, 0.05, 2.0)]:
        b = rng.normal(0, 1, nb)
        c = rng.normal(shift, 1.3, nc)
        p, ci, t2, ps = msprt_reference(b, c, alpha, tau2)
        add("msprt", {"baseline": sample(b)[1], "canary": sample(c)[1], "alpha": alpha, "tau2": tau2},
            {"p_value": p, "ci_low": ci[0], "ci_high": ci[1], "tau2": t2, "last_look_p": ps[-1], "first_look_p": ps[0]})


def main():
    mwu_cases()
    hl_cases()
    ks_cases()
    count_cases()
    distance_cases()
    bootstrap_cases()
    multiple_cases()
    msprt_cases()
    out = {"generated_by": "crates/stats/tests/reference/make_vectors.py",
           "numpy": np.__version__, "scipy": scipy.__version__, "cases": CASES}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["test"]] = counts.get(c["test"], 0) + 1
    print(f"wrote {len(CASES)} cases to {path}: {counts}")


if __name__ == "__main__":
    main()
