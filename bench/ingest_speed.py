"""Speed of `ingest_feeds`: 10,000 feed items with their article pages, served from 127.0.0.1.

A fixture newswire (RSS 2.0 feeds + one article page per story) is served by `FixtureServer` in a
separate process on several ports (hosts), so the per-host rate limit does not serialise the run.
Side by side in one run:
  cold      first ingest: every feed and every page fetched, text extracted, written to the store
  again     the same feeds re-ingested: conditional GET answers 304, nothing fetched or added
  no-etag   re-ingested without conditional GET: every item is skipped by URL, no page fetched
  content   every stored document appended again: de-duplicated by content hash, nothing added
  no-limit  a cold ingest into a second store with no per-host rate limit: where the CPUs cap it
It also checks that no host ever saw more requests in a second than the per-host limit allows.
Run from the repo root:
    python bench/ingest_speed.py [--items 10000] [--hosts 16] [--rate 40] [--workers 16]
"""
import argparse, json, multiprocessing as mp, sys, tempfile, time, shutil
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np, requests
from fi_lora.documents import DocumentStore, ingest_feeds
from fi_lora.testing import FixtureServer, Reply, fixture_wire


def serve(n, hosts, feeds, q, stop):
    "Server process: build the wire, serve it, report bases and feeds, stop on request."
    srv = FixtureServer(ports=hosts).start()
    routes, fl, _ = fixture_wire(srv.bases, n, feeds=feeds)
    log_route = lambda req: Reply(json.dumps([(r.time, r.port, r.path) for r in list(srv.log) if r.path != '/__log']))
    srv.routes.update(routes); srv.routes['/__log'] = log_route
    q.put((srv.bases, [(f.name, f.url) for f in fl]))
    stop.wait(); srv.stop()


def max_per_second(times):
    "Most requests whose arrival times fall in any window of one second."
    t = np.sort(np.asarray(times))
    return int(max(np.searchsorted(t, t + 1.0, side='left') - np.arange(len(t)))) if len(t) else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--items', type=int, default=10_000)
    ap.add_argument('--hosts', type=int, default=16)
    ap.add_argument('--feeds', type=int, default=20)
    ap.add_argument('--rate', type=float, default=40.0, help='requests per second per host')
    ap.add_argument('--workers', type=int, default=16)
    a = ap.parse_args()
    from fi_lora.documents import Feed
    ctx = mp.get_context('spawn')
    q, stop = ctx.Queue(), ctx.Event()
    p = ctx.Process(target=serve, args=(a.items, a.hosts, a.feeds, q, stop), daemon=True)
    p.start()
    tmp = Path(tempfile.mkdtemp())
    try:
        bases, fl = q.get(timeout=120)
        feeds = [Feed(n, u) for n, u in fl]
        store = DocumentStore(tmp/'store')
        rows = []
        def run(name, into=store, rate=a.rate, **kw):
            t0 = time.perf_counter(); rep = ingest_feeds(into, feeds, rate=rate, workers=a.workers, progress=False, allow_private=True, **kw)
            dt = time.perf_counter() - t0
            rows.append((name, rep.added, rep.known, rep.not_modified, len(rep.failed) + len(rep.deferred), dt))
            return rep, dt
        cold, t_cold = run('cold')
        log = requests.get(bases[0] + '/__log', timeout=60).json()
        n_cold_req = len(log)
        again, _ = run('again')
        noetag, _ = run('no-etag', conditional=False)
        log2 = requests.get(bases[0] + '/__log', timeout=60).json()
        pages_after = sum(1 for t, port, path in log2[n_cold_req:] if path.startswith('/news/'))
        t0 = time.perf_counter(); n = store.append(store.query()); t_app = time.perf_counter() - t0
        rows.append(('content', n, 0, 0, 0, t_app))
        q_all = store.query(columns=['doc_id', 'url'])
        free, _ = run('no-limit', into=DocumentStore(tmp/'store2'), rate=0)
        per_host = {}
        for t, port, path in log:
            per_host.setdefault(port, []).append(t)
        peak = max(max_per_second(v) for v in per_host.values())
    finally:
        stop.set(); p.join(10)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{a.items:,} items in {a.feeds} feeds on {a.hosts} hosts; {a.workers} workers, {a.rate:g} requests/s per host\n")
    print(f"{'run':<9} {'added':>7} {'known':>7} {'304':>5} {'failed':>6} {'seconds':>8} {'items/s':>8}")
    for name, added, known, nm, bad, dt in rows:
        print(f"{name:<9} {added:>7,} {known:>7,} {nm:>5} {bad:>6} {dt:>8.2f} {a.items/dt:>8,.0f}")
    print(f"\nrequests in the cold run: {n_cold_req:,} ({a.feeds} feeds + {n_cold_req - a.feeds:,} pages); "
          f"busiest host peak: {peak} requests in one second (limit {a.rate:g}/s)")
    print(f"pages fetched by the two re-ingests: {pages_after}; stored: {len(q_all):,} documents, {q_all['url'].nunique():,} distinct URLs")
    dedup_ok = (free.added == a.items and cold.added == a.items and again.added == 0 and noetag.added == 0 and n == 0 and pages_after == 0
                and len(q_all) == a.items and q_all['url'].nunique() == a.items)
    host_ok = peak <= a.rate + 1
    print(f"RESULT items_per_s={a.items/t_cold:.0f} seconds={t_cold:.1f} dedup_ok={dedup_ok} "
          f"host_limit_ok={host_ok} peak_per_host={peak} failed={len(cold.failed) + len(cold.deferred)}")


if __name__ == '__main__': main()
