"""Scoring a document store in process vs on Ray, side by side in one run: time, per-node work, identical scores.

Run from the repository root: `python bench/scale_ray.py [--docs 50000] [--days 250] [--analyzer encoder|baseline]`.
Needs Ray (`pip install "fi_lora[scale]"`).

* The store: `fi_lora.scoring.fixture_documents`, `--docs` synthetic financial texts (5% syndicated repeats) in
  the document store's layout, one Parquet partition per business day (`--days`).
* The analyzer: the encoder (default), built from a `FILoRAConfig` that points at a freshly created, untrained
  `EncoderLoRAModel` adapter. Its scores mean nothing, but its forward passes cost what a trained one's do, and its
  scores are deterministic. `--analyzer baseline` uses the lexicon baseline instead.
* The runs, all through `score_parquet` into separate output directories:
  - `inprocess`: one analyzer in this process; torch at its default thread count (all cores), as a user gets it;
  - `inprocess, 1 thread`: the same with `torch.set_num_threads(1)`;
  - `ray, 1 actor`: a private local Ray, one actor with one torch thread: the same compute as `inprocess, 1 thread`,
    so the difference is what Ray adds (scheduling, object store, actor start-up and model load in the actor);
  - `ray, 1 node`: the same Ray, one actor per core, one torch thread each: the same CPUs as `inprocess`;
  - `ray, N nodes`: a local cluster of N one-CPU nodes (`fi_lora.scoring.local_cluster`), one actor per node.
  Each time is the whole `score_parquet` call: actors starting and loading the model included. Starting Ray
  itself is timed apart (`start_s`): a cluster is started once and serves many jobs.
* `identical`: the four outputs, read back with `read_scores`, compared exactly.

Ends with `RESULT inprocess_s=... ray_s=... overhead=... nodes_used=... identical=... analyzer=...`, where
`inprocess_s` and `ray_s` are the matched one-thread runs and `overhead = ray_s / inprocess_s` (Ray start excluded;
`overhead_with_start` includes it); `all_cores_ratio` compares the all-cores runs (`ray, 1 node` / `inprocess`).
Machines shared with other work make multi-threaded torch erratic: compare matched rows.
"""
import sys, os, time, argparse, logging, warnings, tempfile, shutil
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')
for n in ('fi_lora', 'transformers'): logging.getLogger(n).setLevel(logging.ERROR)

import pandas as pd, torch
from fi_lora.config import FILoRAConfig
from fi_lora.scoring import fixture_documents, score_parquet, read_scores, ray_session, local_cluster, RayEngine

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--docs', type=int, default=50_000); ap.add_argument('--days', type=int, default=250)
    ap.add_argument('--analyzer', choices=['encoder', 'baseline'], default='encoder')
    ap.add_argument('--cores', type=int, default=os.cpu_count(), help='CPUs for each engine (default: all)')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix='fi_lora_scale_'))
    try: run(a, tmp)
    finally: shutil.rmtree(tmp, ignore_errors=True)

def run(a, tmp):
    t0 = time.perf_counter(); store = fixture_documents(tmp/'store', n=a.docs, days=a.days)
    print(f"store: {a.docs:,} documents in {a.days} partitions ({time.perf_counter()-t0:.1f}s to write)", flush=True)
    if a.analyzer == 'encoder':
        from fi_lora.encoder import EncoderLoRAModel
        cfg = FILoRAConfig(BACKEND='encoder', DEVICE='cpu', LORA_MODEL_PATH=str(tmp/'adapter'))
        EncoderLoRAModel.create(cfg).save(tmp/'adapter')
    else: cfg = FILoRAConfig(BACKEND='baseline')
    default_threads, rows, outs = torch.get_num_threads(), [], {}

    def timed(name, setup, engine, start_s=None, threads=None):
        t = time.perf_counter()
        sm = score_parquet(store, tmp/name.replace(' ', '_').replace(',', ''), cfg, engine=engine, progress=False)
        s = time.perf_counter() - t
        outs[name] = tmp/name.replace(' ', '_').replace(',', '')
        per_node = sm.node.value_counts()
        rows.append(dict(run=name, setup=setup, seconds=round(s, 1), docs_per_s=round(a.docs / s),
                         start_s=None if start_s is None else round(start_s, 1), nodes_used=len(per_node),
                         partitions_per_node=' '.join(f"{k[:6]}:{v}" for k, v in per_node.items()) if start_s is not None else '-'))
        print(rows[-1], flush=True)
        return s

    ipT = timed('inprocess', f'1 process, torch threads={default_threads}', 'inprocess')
    torch.set_num_threads(1)
    ip1 = timed('inprocess, 1 thread', '1 process, torch threads=1', 'inprocess')
    torch.set_num_threads(default_threads)
    t = time.perf_counter()
    with ray_session(num_cpus=a.cores):
        st = time.perf_counter() - t
        r1 = timed('ray, 1 actor', '1 node, 1 actor x 1 thread', RayEngine(actors=1, cpus_per_actor=1), start_s=st)
        rT = timed('ray, 1 node', f'1 node, {a.cores} actors x 1 thread', RayEngine(cpus_per_actor=1), start_s=st)
    t = time.perf_counter()
    with local_cluster(nodes=a.cores, cpus_per_node=1):
        cs = time.perf_counter() - t
        timed(f'ray, {a.cores} nodes', f'{a.cores} nodes x 1 actor x 1 thread', RayEngine(cpus_per_actor=1), start_s=cs)
    ref = read_scores(outs['inprocess'])
    same = all(read_scores(p).equals(ref) for p in outs.values())
    tbl = pd.DataFrame(rows).set_index('run')
    with pd.option_context('display.width', 200, 'display.max_columns', 20):
        print(f"\n{a.docs:,} documents, {a.days} partitions, analyzer={a.analyzer}, {os.cpu_count()} cores\n")
        print(tbl.to_string())
    print(f"\nRESULT inprocess_s={ip1:.1f} ray_s={r1:.1f} overhead={r1/ip1:.2f} overhead_with_start={(r1+st)/ip1:.2f} "
          f"inprocess_all_threads_s={ipT:.1f} ray_all_cores_s={rT:.1f} all_cores_ratio={rT/ipT:.2f} "
          f"ray_start_s={st:.1f} cluster_start_s={cs:.1f} nodes_used={rows[-1]['nodes_used']} identical={same} "
          f"analyzer={a.analyzer} docs={a.docs}")

if __name__ == '__main__': main()
