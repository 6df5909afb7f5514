#!/usr/bin/env bash
# The Swift sources are laid out as .swift-format says (4 spaces, 160 columns; layout only,
# no renaming rules). Fails, naming each line, when a file is not; `scripts/format-check.sh
# --fix` rewrites the files in place.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then
    exec swift format format --in-place --recursive --parallel Sources Tests Package.swift
fi
swift format lint --strict --recursive --parallel Sources Tests Package.swift
echo "format-check: every Swift file is laid out as .swift-format says"
