#!/usr/bin/env python3
"""county.py SAMPLES_DIR OUT_DIR [N] — a synthetic county of N departments.

Each department is a sample with another name, its amounts multiplied by a
whole factor (so every total still adds up exactly) and its project list
repeated 1–4 times (so the documents run from about 10 to 40 pages); every
department passes `gongkai check`."""
import json, os, random, re, sys
from decimal import Decimal

samples, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rng = random.Random(9704)  # the same county every run
kinds = ["quyang-2020-budget", "langfang-2023-budget", "lunan-2022-budget", "laoting-2024-goals",
         "xianghe-2019-selfeval"]
AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")
# fields that are not money and must not be scaled
KEEP = {"year", "quantity", "code", "function_code", "weight", "score", "total_score", "zero", "full", "limit", "step", "share",
        "plan", "target", "actual", "phone"}

def scale(v, k, key=None):
    if isinstance(v, dict):
        return {a: (b if a in KEEP else scale(b, k, a)) for a, b in v.items()}
    if isinstance(v, list):
        return [scale(x, k, key) for x in v]
    if isinstance(v, str) and AMOUNT.match(v) and key not in KEEP:
        return str(Decimal(v) * k)
    return v

os.makedirs(out, exist_ok=True)
names = ["组织部", "宣传部", "统战部", "政法委", "财政局", "教育局", "卫健委", "民政局", "审计局", "档案馆"]
for i in range(n):
    kind = kinds[i % len(kinds)]
    d = json.load(open(f"{samples}/{kind}.json", encoding="utf-8"))
    if kind != "xianghe-2019-selfeval":  # its scores depend on the figures' ratios only
        d = scale(d, rng.randint(1, 3))
    d["department"]["name"] = f"某某县{names[i % len(names)]}{i + 1:03d}"
    if "full_name" in d["department"]:
        d["department"]["full_name"] = "中共" + d["department"]["name"]
    if "projects" in d:
        base = d["projects"]
        # the copies carry no fund breakdown, so the 项目支出表 (the projects
        # with one) still adds up to the 部门支出总表's 项目支出
        d["projects"] = [{**{a: b for a, b in p.items() if not r or a not in ("budget", "function_code", "funding")},
                          "name": f"{p['name']}（{r + 1}）" if r else p["name"]}
                         for r in range(rng.randint(1, 4)) for p in base]
        # a complete 支出说明 that lists the project tables must list the
        # copies too: it becomes an illustrative list (主要为…等) instead
        e = d.get("expenditure", {})
        listed = {x.get("name") for x in e.get("projects", [])}
        if len(d["projects"]) > len(base) and e.get("projects_complete", True) and listed & {p["name"] for p in base}:
            e["projects_complete"] = False
            e.setdefault("project_total", str(sum(Decimal(x.get("amount", "0")) for x in e["projects"])))
    with open(f"{out}/dept-{i + 1:03d}.json", "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False)
