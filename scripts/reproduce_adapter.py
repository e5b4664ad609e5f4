"""Retrain a shipped encoder adapter with the command in its card and compare the weights, byte for byte.

    python scripts/reproduce_adapter.py minilm    # the default (distilled student; teacher: the adapter its card names), ~25 min on 2 cores
    python scripts/reproduce_adapter.py mpnet     # the opt-in mpnet adapter (needs `fi-lora models install mpnet`), ~45 min

Needs the shared data files (../shared/data or FI_LORA_DATA_DIR). Prints each file's sha256, shipped and
retrained, and ends with `RESULT reader=… identical=true|false`; exit code 1 when they differ.
"""
import json, subprocess, sys, tempfile
from pathlib import Path
import fi_lora
from fi_lora.encoder import SHIPPED_ADAPTERS
from fi_lora.adapters import sha256_file

RESOURCES = Path(fi_lora.__file__).parent/'resources'
KEPT = Path(__file__).resolve().parents[1]/'adapters'      # adapters kept for reproduction only (e.g. a past teacher)

def teacher_dir(student:Path) -> Path:
    "The teacher the student's card names (its last training file's sha256): the shipped mpnet adapter or one kept in adapters/."
    want = json.loads((student/'fi_lora_meta.json').read_text())['training_data'][-1]['sha256']
    for d in [RESOURCES/SHIPPED_ADAPTERS['mpnet'], *sorted(p for p in KEPT.glob('*') if p.is_dir())]:
        if (d/'adapter_model.safetensors').is_file() and sha256_file(d/'adapter_model.safetensors') == want: return d
    raise SystemExit(f"no adapter with sha256 {want[:12]}… (the teacher named in the card of {student.name}) in {RESOURCES} or {KEPT}")

def command(reader:str, out:Path) -> list[str]:
    if reader == 'minilm':
        teacher = teacher_dir(RESOURCES/SHIPPED_ADAPTERS['minilm'])
        return ['fi-lora', 'train', '--recipe', 'default', '--teacher', str(teacher), '--output', str(out)]
    return ['fi-lora', 'train', '--recipe', 'default', '--base', 'mpnet', '--output', str(out)]

def main(reader:str) -> int:
    if reader not in SHIPPED_ADAPTERS: print(f"reader {reader!r}: use one of {sorted(SHIPPED_ADAPTERS)}", file=sys.stderr); return 2
    shipped = RESOURCES/SHIPPED_ADAPTERS[reader]
    want = json.loads((shipped/'fi_lora_meta.json').read_text())['weights_sha256']
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)/'adapter'
        cmd = command(reader, out); print('$', ' '.join(cmd), flush=True)
        subprocess.run(cmd, check=True)
        got = {f: sha256_file(out/f) for f in want}
    print(f"{'file':28} {'shipped':16} {'retrained':16}")
    for f in want: print(f"{f:28} {want[f][:16]} {got[f][:16]}")
    same = got == want
    print(f"RESULT reader={reader} identical={str(same).lower()}")
    return 0 if same else 1

if __name__ == '__main__': sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'minilm'))
