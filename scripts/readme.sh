#!/usr/bin/env bash
# Regenerate README.md from nbs/index.ipynb without quarto (nbdev-readme needs quarto).
set -euo pipefail
cd "$(dirname "$0")/.."
jupyter nbconvert --to markdown --stdout --log-level WARN nbs/index.ipynb > README.md
