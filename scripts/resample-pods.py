#!/usr/bin/env python3
"""Resamples the Alibaba openb pod list into another workload mix of the same cluster.

Draws pods, with replacement, from the real pod list so that each class gets the share asked for
(classes: cpu = no GPU, shared = part of one GPU, whole = exactly one whole GPU, multi = more than
one GPU, constrained = any pod with a gpu_spec); every drawn row keeps its real CPU, memory, GPU and
model values. Unnamed classes keep their share of the rest in the original proportions. The pod
count stays that of the original list. Seeded, so a mix is reproducible.

  scripts/resample-pods.py IN.csv OUT.csv seed=1,shared=0.6
  ./gpu-autoscaler simulate --nodes .../openb_node_list_gpu_node.csv --pods OUT.csv ...
"""
import csv
import random
import sys


def klass(row, line):
    try:
        gpus, milli = int(row["num_gpu"]), int(row["gpu_milli"])
    except ValueError as e:
        sys.exit(f"{IN}:{line}: num_gpu/gpu_milli: {e}")
    if gpus == 0:
        return "cpu"
    if gpus == 1 and milli < 1000:
        return "shared"
    return "whole" if gpus == 1 else "multi"


if len(sys.argv) != 4:
    sys.exit(__doc__)
IN, OUT, SPEC = sys.argv[1:]
shares, seed = {}, None
for part in SPEC.split(","):
    key, _, value = part.partition("=")
    if key == "seed":
        seed = int(value)
    elif key in ("cpu", "shared", "whole", "multi", "constrained"):
        shares[key] = float(value)
        if not 0 <= shares[key] <= 1:
            sys.exit(f"{key}: a share must be within [0, 1], was {value}")
    else:
        sys.exit(f"unknown key '{key}' in '{SPEC}'; known: seed, cpu, shared, whole, multi, constrained")
if seed is None:
    sys.exit("seed=N is required")
if sum(shares.values()) > 1:
    sys.exit(f"shares add up to more than 1: {SPEC}")

with open(IN, newline="") as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    rows = list(reader)
pools = {k: [] for k in ("cpu", "shared", "whole", "multi", "constrained")}
for i, row in enumerate(rows, start=2):
    pools["constrained" if row["gpu_spec"] else klass(row, i)].append(row)
rest = [k for k in pools if k not in shares]
rest_total = sum(len(pools[k]) for k in rest)
weights = dict(shares)
for k in rest:
    weights[k] = (1 - sum(shares.values())) * len(pools[k]) / rest_total if rest_total else 0
rng = random.Random(seed)
names = list(weights)
out = []
for i in range(len(rows)):
    k = rng.choices(names, weights=[weights[n] for n in names])[0]
    if not pools[k]:
        sys.exit(f"class '{k}' has no pods in {IN}")
    row = dict(rng.choice(pools[k]))
    row["name"] = f"resampled-{i:05d}"
    out.append(row)
with open(OUT, "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=fields)
    writer.writeheader()
    writer.writerows(out)
print(f"{OUT}: {len(out)} pods, shares " + ", ".join(f"{k}={weights[k]:.3f}" for k in names))
