#!/usr/bin/env python3
"""sweep.py SAMPLE OUT_DIR N… — one department per N, with N projects.

The sample's project list is repeated (names numbered) until it holds N
projects, the way county.py repeats it, so the document grows with N and
nothing else changes: its cost per page must stay the same."""
import json, os, sys

sample, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
base = json.load(open(sample, encoding="utf-8"))
for n in map(int, sys.argv[3:]):
    d = dict(base)
    ps = base["projects"]
    # without their fund breakdown (a 项目支出表 of N projects would no
    # longer add up to the 部门支出总表's 项目支出); the 说明 does not use it
    d["projects"] = [{**{a: b for a, b in ps[k % len(ps)].items() if a not in ("budget", "function_code", "funding")},
                      "name": f"{ps[k % len(ps)]['name']}（{k // len(ps) + 1}）" if k >= len(ps) else ps[k]["name"]}
                     for k in range(n)]
    with open(f"{out}/projects-{n:04d}.json", "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False)
