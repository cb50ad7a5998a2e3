#!/usr/bin/env python3
"""Rough check that seeds/assumptions.csv can reproduce the CNAS 2024 smuggling estimate.

Not the ExportFlow engine: a stdlib-only sketch of one baseline-2024 trial, with every
parameter drawn once per trial and the year taken as 12 equal months. Each number below
names the assumptions.csv row it comes from. Run: python3 seeds/calibration_check.py
"""
import math
import random


def pert(lo, mode, hi):
    if hi <= lo:
        return lo
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * random.betavariate(a, b)


def lognormal(p05, p95):
    mu = (math.log(p05) + math.log(p95)) / 2
    sigma = (math.log(p95) - math.log(p05)) / 3.2897
    return random.lognormvariate(mu, sigma)


def trial(dist_mode=0.50, dist_hi=0.95, cloud_mode=0.12, demand_per_period=False):
    supply = lognormal(150e3, 260e3)                     # a-supply-monthly-2024
    my_half = lognormal(0.025, 0.125)                    # a-w-my-half (shared by two edges)
    sg_half = pert(0.005, 0.015, 0.03)                   # a-w-sg-half (shared by two edges)
    w = {
        "us-market": 0.32,                               # a-w-us-market
        "us-market-sg-billed": 0.18,                     # a-w-us-market-sg-billed
        "us-dist": pert(0.06, 0.10, 0.15),               # a-w-us-dist
        "t1-market": pert(0.08, 0.13, 0.18),             # a-w-t1-market
        "row-dist": pert(0.04, 0.08, 0.12),              # a-w-row-dist
        "my-dist": my_half, "my-cloud": my_half,
        "sg-dist": sg_half, "sg-cloud": sg_half,
        "th-dist": pert(0.005, 0.025, 0.06),             # a-w-th
        "vn-dist": pert(0.002, 0.006, 0.015),            # a-w-vn
        "ae-cloud": pert(0.005, 0.015, 0.03),            # a-w-ae
        "in-cloud": pert(0.005, 0.012, 0.025),           # a-w-in
        "other-t2": pert(0.01, 0.02, 0.04),              # a-w-other-t2
    }
    total = sum(w.values())
    inflow = {k: supply * v / total for k, v in w.items()}  # weights are normalised, as in the engine
    d_dist = pert(0.10, dist_mode, dist_hi)             # a-div-sea-dist
    d_cloud = pert(0.01, cloud_mode, 0.60)              # a-div-sea-cloud
    d_gulf = pert(0.0, 0.02, 0.10)                      # a-div-gulf-india
    d_us = pert(0.005, 0.03, 0.12)                      # a-div-us-dist
    d_row = pert(0.005, 0.03, 0.10)                     # a-div-row-dist
    cap = {
        "my-dist": d_dist, "sg-dist": d_dist, "th-dist": d_dist, "vn-dist": d_dist,
        "my-cloud": d_cloud, "sg-cloud": d_cloud,
        "ae-cloud": d_gulf, "in-cloud": d_gulf,
        "us-dist": d_us, "row-dist": d_row,
    }
    capacity = sum(inflow[k] * d for k, d in cap.items())
    p_hub = pert(0.005, 0.02, 0.06)                     # a-det-hub-exit
    p_us = pert(0.01, 0.03, 0.08)                       # a-det-us-exit
    p_hk = pert(0.0, 0.01, 0.03)                        # a-det-hk-transit (60% of volume via HK)
    us_share = inflow["us-dist"] * d_us / capacity
    p = us_share * (1 - (1 - p_us) * (1 - 0.6 * p_hk)) + (1 - us_share) * (1 - (1 - p_hub) * (1 - 0.6 * p_hk))
    if demand_per_period:
        diverted = sum(min(lognormal(1250, 110000), capacity) for _ in range(12))
    else:
        diverted = 12 * min(lognormal(1250, 110000), capacity)  # a-illicit-demand-monthly, once per trial
    return diverted * (1 - p), diverted * p, 12 * capacity


def report(label, values):
    v = sorted(values)
    pick = lambda f: v[int(f * (len(v) - 1))]
    print(f"{label:32s} p05={pick(.05):8.0f} p50={pick(.5):8.0f} p95={pick(.95):8.0f} mean={sum(v) / len(v):8.0f}")


if __name__ == "__main__":
    random.seed(2024)
    runs = [trial() for _ in range(40000)]
    report("leaked, H100e/yr", [r[0] for r in runs])
    report("interdicted, H100e/yr", [r[1] for r in runs])
    report("diversion capacity, H100e/yr", [r[2] for r in runs])
    report("leaked, demand per period", [trial(demand_per_period=True)[0] for _ in range(20000)])
    report("leaked, dist mode 0.40", [trial(dist_mode=0.40)[0] for _ in range(20000)])
    report("leaked, modes 0.25/0.06", [trial(dist_mode=0.25, dist_hi=0.60, cloud_mode=0.06)[0] for _ in range(20000)])
