#!/usr/bin/env python3
"""Recompute a cooperative's hash chain from an export, outside the database.

An auditor's check of coopledger's tamper evidence (docs/hash-chain.md is the format):
    verify-chain.py entries.csv postings.csv links.csv [--head HEX]
Each CSV has a header row; the export commands are in docs/hash-chain.md. Prints the head
and exits 0 when every link matches; exits 1 naming the first link that does not.
"""
import csv
import hashlib
import json
import sys


def text(value):
    """A JSON value as PostgreSQL's json_build_array writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(text(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def aggregate(items):
    """json_agg of json values: elements separated by a comma and a space."""
    return "[" + ", ".join(items) + "]"


def number(field):
    return None if field == "" else int(field)


def optional(field):
    """A text column that may be NULL (which CSV writes as an empty field)."""
    return None if field == "" else field


def main(arguments):
    head_wanted = None
    if "--head" in arguments:
        index = arguments.index("--head")
        head_wanted = arguments[index + 1]
        arguments = arguments[:index] + arguments[index + 2:]
    entries_file, postings_file, links_file = arguments
    lines = {}
    with open(postings_file, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lines.setdefault(int(row["entry_id"]), []).append(row)
    entries = {}
    with open(entries_file, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entries[int(row["entry_id"])] = row
    head = bytes(32)
    seen_head = head_wanted in (None, head.hex())
    with open(links_file, newline="", encoding="utf-8") as handle:
        links = sorted(csv.DictReader(handle), key=lambda row: int(row["chain_seq"]))
    for expected_seq, link in enumerate(links, start=1):
        entry_id = int(link["entry_id"])
        if int(link["chain_seq"]) != expected_seq:
            print(f"link {expected_seq}: missing (the chain skips to {link['chain_seq']})")
            return 1
        entry = entries.get(entry_id)
        if entry is None:
            print(f"link {expected_seq}: entry {entry_id} is not in the export")
            return 1
        postings = sorted(lines.get(entry_id, []), key=lambda row: int(row["line_no"]))
        if link["format"] == "1":
            rendered = [text([int(p["line_no"]), p["account_code"], number(p["member_no"]), int(p["amount"])]) for p in postings]
            fields = [entry["coop_id"], entry_id, entry["entry_date"], entry["kind"], entry["idempotency_key"],
                      number(entry["reverses_entry_id"]), entry["memo"]]
        else:
            rendered = [text([int(p["line_no"]), p["account_code"], number(p["member_no"]), int(p["amount"]), p["entry_date"], p["kind"]])
                        for p in postings]
            fields = [int(link["format"]), entry["coop_id"], entry_id, entry["entry_date"], entry["kind"], entry["idempotency_key"],
                      number(entry["reverses_entry_id"]), entry["memo"], int(entry["created_us"])]
            if link["format"] == "3":
                fields += [optional(entry["voucher_month"]), number(entry["voucher_number"]), optional(entry["prepared_by"]),
                           optional(entry["approved_by"]), optional(entry["posted_by"]), number(entry["voucher_id"]),
                           int(entry["attachments"])]
        canonical = "[" + ", ".join([text(field) for field in fields] + [aggregate(rendered)]) + "]"
        head = hashlib.sha256(head + canonical.encode("utf-8")).digest()
        if head.hex() != link["hash"]:
            print(f"link {expected_seq}: entry {entry_id} does not match its hash (it or an earlier link was changed)")
            return 1
        seen_head = seen_head or head.hex() == head_wanted
    if not seen_head:
        print(f"the recorded head {head_wanted} is not in the chain")
        return 1
    print(f"chain intact: {len(links)} links, head {head.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
