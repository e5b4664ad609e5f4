"""Scoring a document store in process vs on Ray, side by side in one run: time, per-node work, identical scores.

Run from the repository root: `python bench/scale_ray.py [--docs 50000] [--days 250] [--analyzer encoder|baseline]`.
Needs Ray (`pip install "fi_lora[scale]"`).

* The store: `fi_lora.testing.fixture_documents`, `--docs` synthetic financial texts (5% syndicated repeats) in
  the document store's layout, one Parquet partition per business day (`--days`).
* The analyzer: the encoder (default), built from a `FILoRAConfig` that points at a freshly created, untrained
  `EncoderLoRAModel` adapter. Its scores mean nothing, but its forward passes cost what a trained one's do, and its
  scores are deterministic. `--analyzer baseline` uses the lexicon baseline instead.
* The runs, all through `score_parquet` into separate output directories, each timed as a whole (actors starting and
  loading the model included; starting Ray itself is timed apart, `start_s`: a cluster starts once and serves many jobs):
  - `inprocess, 1 thread` and `ray, 1 actor` (one actor, one torch thread), back to back for `--rounds` rounds: the
    same compute, so the difference is what Ray adds (scheduling, object store, the actor's start-up and model load).
    A shared machine's load drifts, so each round is a matched pair and the medians are reported;
  - `ray, 1 node`: a private local Ray with one actor per core, one torch thread each (all cores, data-parallel);
  - `ray, N nodes`: a local cluster of N one-CPU nodes (`fi_lora.scoring.local_cluster`), one actor per node;
  - with `--all-threads`: `inprocess` at torch's default thread count (all cores, as a user gets it) and
    `ray, 1 actor, all threads` (one actor with as many torch threads).
* `identical`: every output, read back with `read_scores`, equal to the first one, exactly.

Ends with `RESULT inprocess_s=... ray_s=... overhead=... nodes_used=... identical=... analyzer=...`, where
`inprocess_s` and `ray_s` are the medians of the matched one-thread runs and `overhead = ray_s / inprocess_s`
(Ray start excluded; `overhead_with_start` includes it), `speedup_all_cores = inprocess_s / ray_all_cores_s`.
"""
import sys, os, time, argparse, logging, warnings, tempfile, shutil
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')
for n in ('fi_lora', 'transformers'): logging.getLogger(n).setLevel(logging.ERROR)

import numpy as np, pandas as pd, torch
from fi_lora.config import FILoRAConfig
from fi_lora.testing import fixture_documents
from fi_lora.scoring import score_parquet, read_scores, ray_session, local_cluster, RayEngine

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--docs', type=int, default=50_000); ap.add_argument('--days', type=int, default=250)
    ap.add_argument('--analyzer', choices=['encoder', 'baseline'], default='encoder')
    ap.add_argument('--cores', type=int, default=os.cpu_count(), help='CPUs for each engine (default: all)')
    ap.add_argument('--rounds', type=int, default=2, help='back-to-back (in-process, Ray) pairs at one thread; medians are reported')
    ap.add_argument('--all-threads', action='store_true', help="also: torch's default threads in process vs one Ray actor with as many")
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

    def timed(name, setup, engine, start_s=None):
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

    def on_ray(name, setup, engine):
        "Start a private local Ray (timed apart), run `name` on it, shut it down."
        t = time.perf_counter()
        with ray_session(num_cpus=a.cores):
            st = time.perf_counter() - t
            return timed(name, setup, engine, start_s=st), st

    one_ip, one_ray, starts = [], [], []
    for r in range(a.rounds):          # matched one-thread pairs, back to back: the load of a shared machine drifts
        torch.set_num_threads(1)
        one_ip.append(timed(f'inprocess, 1 thread #{r+1}', '1 process, torch threads=1', 'inprocess'))
        torch.set_num_threads(default_threads)
        s, st = on_ray(f'ray, 1 actor #{r+1}', '1 node, 1 actor x 1 thread', RayEngine(actors=1, cpus_per_actor=1))
        one_ray.append(s); starts.append(st)
    ip1, r1, st = float(np.median(one_ip)), float(np.median(one_ray)), float(np.median(starts))
    rT, _ = on_ray('ray, 1 node', f'1 node, {a.cores} actors x 1 thread', RayEngine(cpus_per_actor=1))
    t = time.perf_counter()
    with local_cluster(nodes=a.cores, cpus_per_node=1):
        cs = time.perf_counter() - t
        timed(f'ray, {a.cores} nodes', f'{a.cores} nodes x 1 actor x 1 thread', RayEngine(cpus_per_actor=1), start_s=cs)
    if a.all_threads:                   # torch's default threads in process vs one actor with as many threads
        ipT = timed('inprocess', f'1 process, torch threads={default_threads}', 'inprocess')
        rTT, _ = on_ray('ray, 1 actor, all threads', f'1 node, 1 actor x {default_threads} threads',
                        RayEngine(actors=1, cpus_per_actor=a.cores, threads_per_actor=default_threads))
    ref = read_scores(outs['inprocess, 1 thread #1'])
    same = all(read_scores(p).equals(ref) for p in outs.values())
    tbl = pd.DataFrame(rows).set_index('run')
    with pd.option_context('display.width', 200, 'display.max_columns', 20):
        print(f"\n{a.docs:,} documents, {a.days} partitions, analyzer={a.analyzer}, {os.cpu_count()} cores\n")
        print(tbl.to_string())
    nodes_used = tbl.loc[f'ray, {a.cores} nodes', 'nodes_used']
    extra = f" inprocess_all_threads_s={ipT:.1f} ray_one_actor_all_threads_s={rTT:.1f}" if a.all_threads else ''
    print(f"\nRESULT inprocess_s={ip1:.1f} ray_s={r1:.1f} overhead={r1/ip1:.2f} overhead_with_start={(r1+st)/ip1:.2f} "
          f"ray_all_cores_s={rT:.1f} speedup_all_cores={ip1/rT:.2f} ray_start_s={st:.1f} cluster_start_s={cs:.1f} "
          f"nodes_used={nodes_used} identical={same} analyzer={a.analyzer} docs={a.docs} rounds={a.rounds}{extra}")

if __name__ == '__main__': main()
