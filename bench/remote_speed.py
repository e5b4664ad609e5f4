"""Throughput of the remote analyzer (BACKEND=remote) against a stub of vLLM's OpenAI-compatible API.

Run from the repository root: `python bench/remote_speed.py [--docs 1000] [--latency 0.02]`.

vLLM itself cannot run here (a CUDA build, no GPU), so `fi_lora.testing.StubLLMServer` stands in for
it on 127.0.0.1: it answers `/v1/chat/completions` with the structured-output answer for each text
(the synthetic corpus's own labels: a "perfect" served adapter) after a fixed latency per request
(default 20 ms), which models a server's generation time. The same documents go through
`fi_lora.inference.RemoteAnalyzer` one request at a time and with 4, 8, 16 and 32 in flight, side by
side in one run. The stub runs in this process, so its own CPU time is counted against the client:
the speed-ups are, if anything, understated. With a real vLLM the per-request latency is far higher
(hundreds of ms for a ~60-token JSON answer) and the benefit of concurrency larger, since vLLM batches
concurrent requests on the GPU.

Checks: every concurrency level gives identical scores and triplets, equal to the served answers, with
exactly one request per document (the client's own count).

Ends with `RESULT remote_speedup=... docs=... concurrency=16 latency_ms=... identical=...`.
"""
import sys, time, json, argparse, logging, warnings, multiprocessing as mp
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')
logging.getLogger('fi_lora').setLevel(logging.ERROR)

import pandas as pd
from fi_lora.config import FILoRAConfig
from fi_lora.corpus import FinancialTrainingDataGenerator
from fi_lora.schema import label_to_answer
from fi_lora.inference import RemoteAnalyzer
from fi_lora.testing import StubLLMServer

def serve(answers, latency, q, stop):
    "The stub in its own process: report its URL, serve until told to stop."
    with StubLLMServer(answers, models=['fi-lora'], latency=latency) as stub:
        q.put(stub.url); stop.wait()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--docs', type=int, default=1000); ap.add_argument('--latency', type=float, default=0.02)
    ap.add_argument('--levels', default='1,4,8,16,32', help='concurrency levels to measure (must include 1 and 16)')
    a = ap.parse_args()
    levels = [int(x) for x in a.levels.split(',')]
    texts, labels = FinancialTrainingDataGenerator().generate_all(a.docs, seed=2024)
    served = {t: json.loads(label_to_answer(l)) for t, l in zip(texts, labels)}
    rows, results = [], {}
    ctx = mp.get_context('spawn')
    q, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=serve, args=(served, a.latency, q, stop), daemon=True); server.start()
    try:
        cfg = FILoRAConfig(backend='remote', remote_base_url=q.get(timeout=120), remote_model='fi-lora')
        RemoteAnalyzer(cfg).analyze(texts[:8])                     # warm-up: imports, connection pool
        for conc in levels:
            an = RemoteAnalyzer(cfg, concurrency=conc)
            t0 = time.perf_counter()
            df = an.analyze(texts)
            trips = an.extract_triplets(texts)                     # from the analyzer's answers: no new requests
            dt = time.perf_counter() - t0
            results[conc] = (df, trips)
            rows.append(dict(concurrency=conc, docs=len(texts), requests=an.client.stats['requests'], seconds=round(dt, 2),
                             docs_per_s=round(len(texts) / dt, 1), fallbacks=int(df.fallback_reason.notna().sum())))
    finally:
        stop.set(); server.join(10)
    base_df, base_trips = results[1]
    want = pd.Series([served[t]['sentiment'] for t in texts])
    identical = (all(r[0].drop(columns='fallback_reason').equals(base_df.drop(columns='fallback_reason')) and r[1] == base_trips
                     for r in results.values())
                 and bool((base_df.sentiment == want).all()) and all(r['requests'] == len(texts) and r['fallbacks'] == 0 for r in rows))
    tab = pd.DataFrame(rows)
    tab['speedup_vs_1'] = (tab.docs_per_s / tab.docs_per_s[tab.concurrency == 1].iloc[0]).round(2)
    print(f"RemoteAnalyzer against a vLLM-like stub on 127.0.0.1, in its own process ({a.latency * 1000:.0f} ms per answer), {len(texts):,} synthetic documents")
    print(tab.to_string(index=False))
    sp = float(tab.speedup_vs_1[tab.concurrency == 16].iloc[0])
    print(f"RESULT remote_speedup={sp:.2f} docs={len(texts)} concurrency=16 latency_ms={a.latency * 1000:.0f} identical={identical}")

if __name__ == '__main__': main()
