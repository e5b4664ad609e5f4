#!/usr/bin/env bash
# Install fi_lora and its development tools into the current Python environment.
# PyTorch is installed only when it is missing, so a CUDA build already on a GPU machine is kept.
# Set FI_LORA_TORCH_SPEC to choose another build, e.g. FI_LORA_TORCH_SPEC="torch --index-url URL".
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if ! "$PY" -c "import torch" 2>/dev/null; then
  # shellcheck disable=SC2086
  "$PY" -m pip install ${FI_LORA_TORCH_SPEC:-torch==2.13.0}
fi
"$PY" -m pip install -e ".[dev]"
