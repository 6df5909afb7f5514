"""Checks that a district report (its JSON) and the raw SQL's rows (key|figure|...) agree on
every row and on each of the figures named, and prints the district's total of each.

    python3 bench/lib/district-agree.py report.json raw.txt members,total_assets,...
"""
import json
import sys

report_path, raw_path, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
ours = {row["key"]: [row[name] for name in names] for row in json.load(open(report_path))["rows"]}
raw = {}
for line in open(raw_path).read().splitlines():
    key, *values = [field.strip() for field in line.split("|")]
    raw[key] = values
only_ours, only_raw = sorted(ours.keys() - raw.keys()), sorted(raw.keys() - ours.keys())
assert not only_ours and not only_raw, f"rows only in the report: {only_ours[:5]}, only in the raw SQL: {only_raw[:5]}"
differ = [key for key in ours if ours[key] != raw[key]]
assert not differ, f"{len(differ)} rows differ, e.g. {differ[0]}: report {ours[differ[0]]} against raw SQL {raw[differ[0]]}"
townships = sum(key.startswith("township:") for key in ours)
print(f"  the raw SQL agrees on these {len(names)} figures of every row: {len(ours) - townships - 1} cooperatives, {townships} townships and the district")
print("  the district's: " + ", ".join(f"{name} {value}" for name, value in zip(names, ours["district"])))
