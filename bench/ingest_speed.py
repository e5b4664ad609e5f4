"""Speed of `ingest_feeds`: 10,000 feed items with their article pages, served from 127.0.0.1, before and after.

A fixture newswire (RSS 2.0 feeds + one article page per story) is served by `FixtureServer` in a
separate process on several ports (hosts), so the per-host rate limit does not serialise the run.
Side by side in one run:
  cold/before  first ingest with the code of `--baseline` (a git revision, exported to a temporary folder)
  cold         first ingest with this checkout's code: every feed and page fetched, text extracted, written
               (both cold ingests run in a fresh client process each, alternating order over `--rounds`;
               their stores must hold the same rows: ids, times, sources, URLs, titles, texts, metadata)
  again        the same feeds re-ingested: conditional GET answers 304, nothing fetched or added
  no-etag      re-ingested without conditional GET: every item is skipped by URL, no page fetched
  content      every stored document appended again: de-duplicated by content hash, nothing added
  no-limit     a cold ingest into another store with no per-host rate limit: where the CPUs cap it
CPU is the client process and its worker processes together, per item; "main" is the client process
alone, whose threads share one GIL: 1000 / main ms per item is roughly the most items/s that one
process can reach however many cores are idle (the ceiling; C code that drops the GIL blurs it a little). It also checks that no host ever saw more requests in
a second than the per-host limit allows.
Run from the repo root:
    python bench/ingest_speed.py [--items 10000] [--hosts 16] [--rate 40] [--workers 16] [--rounds 1] [--baseline eede539]
"""
import argparse, io, json, multiprocessing as mp, os, resource, subprocess, sys, tarfile, tempfile, time, shutil
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
BASELINE = 'eede539'   # main before issue 32's ingest work (171 items/s in the issue, ~330 on a quiet moment here)


def serve(n, hosts, feeds, q, stop):
    "Server process: build the wire, serve it, report bases and feeds, stop on request."
    import json
    from fi_lora.testing import FixtureServer, Reply, fixture_wire
    srv = FixtureServer(ports=hosts).start()
    routes, fl, _ = fixture_wire(srv.bases, n, feeds=feeds)
    log_route = lambda req: Reply(json.dumps([(r.time, r.port, r.path) for r in list(srv.log) if r.path != '/__log']))
    srv.routes.update(routes); srv.routes['/__log'] = log_route
    q.put((srv.bases, [(f.name, f.url) for f in fl]))
    stop.wait(); srv.stop()


def client(spec:str):
    "Client process (`--client JSON`): one ingest with whatever `fi_lora` is first on the path; prints its counts, seconds and CPU."
    a = json.loads(spec)
    from fi_lora.documents import DocumentStore, Feed, ingest_feeds
    feeds, store = [Feed(n, u) for n, u in a['feeds']], DocumentStore(a['store'])
    cpu = lambda w: resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime
    m0, c0, t0 = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    rep = ingest_feeds(store, feeds, rate=a['rate'], workers=a['workers'], progress=False, allow_private=True)
    dt, main = time.perf_counter() - t0, cpu(resource.RUSAGE_SELF) - m0
    print(json.dumps(dict(added=rep.added, known=rep.known, not_modified=rep.not_modified, bad=len(rep.failed) + len(rep.deferred), seconds=dt,
                          cpu=main + cpu(resource.RUSAGE_CHILDREN) - c0, main=main)))


def export(rev:str, into:Path) -> Path:
    "The `fi_lora` package of git revision `rev`, extracted under `into`."
    tar = subprocess.run(['git', '-C', str(ROOT), 'archive', rev, 'fi_lora'], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t: t.extractall(into, filter='data')
    return into


def run_client(code:Path, store:Path, feeds, a, rate) -> dict:
    "One cold ingest in a fresh process importing `fi_lora` from `code`."
    env = {**os.environ, 'PYTHONPATH': str(code)}
    spec = json.dumps(dict(store=str(store), feeds=feeds, rate=rate, workers=a.workers))
    out = subprocess.run([sys.executable, __file__, '--client', spec], env=env, capture_output=True, text=True, timeout=900)
    if out.returncode: raise SystemExit(f"client with {code} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rows(store) -> list:
    "The store's rows without `first_seen` (the time of the run), in doc_id order."
    df = store.query().drop(columns='first_seen').sort_values('doc_id').reset_index(drop=True)
    return df.astype({'timestamp': str}).to_dict('records')


def max_per_second(times):
    "Most requests whose arrival times fall in any window of one second."
    import numpy as np
    t = np.sort(np.asarray(times))
    return int(max(np.searchsorted(t, t + 1.0, side='left') - np.arange(len(t)))) if len(t) else 0


def peak(log) -> int:
    per_host = {}
    for t, port, path in log: per_host.setdefault(port, []).append(t)
    return max((max_per_second(v) for v in per_host.values()), default=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--items', type=int, default=10_000)
    ap.add_argument('--hosts', type=int, default=16)
    ap.add_argument('--feeds', type=int, default=20)
    ap.add_argument('--rate', type=float, default=40.0, help='requests per second per host')
    ap.add_argument('--workers', type=int, default=16)
    ap.add_argument('--rounds', type=int, default=1, help='cold ingests of each code, alternating which goes first')
    ap.add_argument('--baseline', default=BASELINE, help="git revision to compare with ('' for none)")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np, requests
    from fi_lora.documents import DocumentStore, Feed, ingest_feeds
    ctx = mp.get_context('spawn')
    q, stop = ctx.Queue(), ctx.Event()
    p = ctx.Process(target=serve, args=(a.items, a.hosts, a.feeds, q, stop), daemon=True)
    p.start()
    tmp = Path(tempfile.mkdtemp())
    load0 = os.getloadavg()[0]
    try:
        codes = {'cold': ROOT} | ({'cold/before': export(a.baseline, tmp/'base')} if a.baseline else {})
        bases, fl = q.get(timeout=120)
        getlog = lambda: requests.get(bases[0] + '/__log', timeout=60).json()
        cold, peaks, stores = {k: [] for k in codes}, [], {}
        for r in range(a.rounds):
            for name in (list(codes) if r % 2 else list(codes)[::-1]):     # the baseline first in round 1
                n0 = len(getlog())
                stores[name] = tmp/f'store-{name.replace("/", "-")}-{r}'
                cold[name].append(run_client(codes[name], stores[name], fl, a, a.rate))
                peaks.append(peak(getlog()[n0:]))
        same = all(rows(DocumentStore(stores[k])) == rows(DocumentStore(stores['cold'])) for k in codes)
        store, feeds, table = DocumentStore(stores['cold']), [Feed(n, u) for n, u in fl], []
        def run(name, into=store, rate=a.rate, **kw):
            t0 = time.perf_counter(); rep = ingest_feeds(into, feeds, rate=rate, workers=a.workers, progress=False, allow_private=True, **kw)
            table.append((name, rep.added, rep.known, rep.not_modified, len(rep.failed) + len(rep.deferred), time.perf_counter() - t0, None))
            return rep
        n_before = len(getlog())
        again, noetag = run('again'), run('no-etag', conditional=False)
        pages_after = sum(1 for t, port, path in getlog()[n_before:] if path.startswith('/news/'))
        t0 = time.perf_counter(); n = store.append(store.query()); table.append(('content', n, 0, 0, 0, time.perf_counter() - t0, None))
        q_all = store.query(columns=['doc_id', 'url'])
        free = run('no-limit', into=DocumentStore(tmp/'store-free'), rate=0)
    finally:
        stop.set(); p.join(10)
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: {f: float(np.median([c[f] for c in v])) for f in ('seconds', 'cpu', 'main')} for k, v in cold.items()}
    for k, v in cold.items():
        for c in v: table.insert(0 if k == 'cold/before' else len([t for t in table if t[0].startswith('cold')]),
                                 (k, c['added'], c['known'], c['not_modified'], c['bad'], c['seconds'], (c['cpu'], c['main'])))
    print(f"{a.items:,} items in {a.feeds} feeds on {a.hosts} hosts; {a.workers} workers, {a.rate:g} requests/s per host; "
          f"{os.cpu_count()} CPUs, load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (a shared machine: compare rows of one run)\n")
    print(f"{'run':<12} {'added':>7} {'known':>7} {'304':>5} {'failed':>6} {'seconds':>8} {'items/s':>8} {'CPU ms/item':>12} {'main ms':>8} {'ceiling/s':>9}")
    for name, added, known, nm, bad, dt, cpu in table:
        per = (f"{1e3 * cpu[0] / a.items:>12.2f} {1e3 * cpu[1] / a.items:>8.2f} {a.items / cpu[1]:>9,.0f}" if cpu is not None else '')
        print(f"{name:<12} {added:>7,} {known:>7,} {nm:>5} {bad:>6} {dt:>8.2f} {a.items/dt:>8,.0f} {per}")
    print(f"\nbusiest host in any cold run: {max(peaks)} requests in one second (limit {a.rate:g}/s)")
    print(f"pages fetched by the two re-ingests: {pages_after}; stored: {len(q_all):,} documents, {q_all['url'].nunique():,} distinct URLs; "
          f"before and after stores hold the same rows: {same}")
    dedup_ok = (free.added == a.items and all(c['added'] == a.items for v in cold.values() for c in v) and again.added == 0
                and noetag.added == 0 and n == 0 and pages_after == 0 and len(q_all) == a.items and q_all['url'].nunique() == a.items)
    new, old = med['cold'], med.get('cold/before')
    vs = (f"before_items_per_s={a.items/old['seconds']:.0f} speedup={old['seconds']/new['seconds']:.2f} "
          f"before_cpu_ms_per_item={1e3*old['cpu']/a.items:.2f} before_main_ms_per_item={1e3*old['main']/a.items:.2f} "
          f"before_ceiling_items_per_s={a.items/old['main']:.0f} " if old else '')
    print(f"RESULT items_per_s={a.items/new['seconds']:.0f} seconds={new['seconds']:.1f} cpu_ms_per_item={1e3*new['cpu']/a.items:.2f} "
          f"main_ms_per_item={1e3*new['main']/a.items:.2f} ceiling_items_per_s={a.items/new['main']:.0f} {vs}"
          f"no_limit_items_per_s={a.items/table[-1][5]:.0f} dedup_ok={dedup_ok} same_rows={same} host_limit_ok={max(peaks) <= a.rate + 1} "
          f"peak_per_host={max(peaks)} failed={sum(c['bad'] for v in cold.values() for c in v)} load_avg={load0:.1f}")


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--client': client(sys.argv[2])
    else: main()
