"""The fault suite: what a new user's bad inputs, broken files and interrupted runs do to `fi-lora`.

Run from the repository root: `python bench/faults.py [--only SUBSTRING]`. Every case runs the real command line
(`python -m fi_lora ...`) in a fresh temporary directory with an empty HOME, and checks the exit code, that an error
is one line naming the problem (never a Python traceback), that nothing is lost (scored rows = input rows, an
interrupted write leaves the previous file or none, never a partial one) and that no fallback is silent (a named
model that cannot be used is an error; rows answered by the lexicon carry a `fallback_reason`).

Ends with `RESULT cases=... passed=... lost_rows=... silent_fallbacks=... silent_wrong=... crashes_with_trace=... security=...`.
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, textwrap, time
from pathlib import Path
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ADAPTER = ROOT/'fi_lora'/'resources'/'default_adapter'
NO_ENV = ('--no-env-file',)
TEXT = 'Treasury yields jumped after the Fed hike'
TOTALS = dict(lost_rows=0, silent_fallbacks=0, crashes_with_trace=0, silent_wrong=0, security=0)   # each case adds to the counter it checks

def cli(args, cwd, env=None, timeout=600, input=None):
    e = dict(os.environ, HOME=str(cwd/'home'), PYTHONPATH=str(ROOT), **(env or {}))
    e.pop('FI_LORA_DATA_DIR', None)
    t = time.time()
    r = subprocess.run([sys.executable, '-m', 'fi_lora', *args], cwd=cwd, env=e, capture_output=True, text=True, timeout=timeout, input=input)
    if 'Traceback (most recent call last)' in r.stderr: TOTALS['crashes_with_trace'] += 1
    return r.returncode, r.stdout, r.stderr, time.time() - t

def one_line_error(rc, err, *needles):
    lines = [l for l in err.strip().splitlines() if l.strip()]
    errs = [l for l in lines if ': error: ' in l]
    ok = rc not in (0, None) and len(errs) == 1 and all(n in errs[0] for n in needles)
    return ok, (errs[0] if errs else (lines[-1] if lines else f'rc={rc}, nothing on stderr'))[:160]

# ---------------------------------------------------------------- broken adapters (a named model must load)
def _adapter(d, name):
    a = d/name; shutil.copytree(ADAPTER, a); return a

def _flip(p, at=None):
    b = bytearray(p.read_bytes()); i = len(b) // 2 if at is None else at; b[i] ^= 0xFF; p.write_bytes(bytes(b))

BROKEN = {
    'heads.safetensors with a flipped byte': lambda d: (_flip(_adapter(d, 'm')/'heads.safetensors'), d/'m')[1],
    'truncated adapter_model.safetensors':   lambda d: (lambda a: (a/'adapter_model.safetensors').write_bytes((a/'adapter_model.safetensors').read_bytes()[:5000]) or a)(_adapter(d, 'm')),
    'no fi_lora_meta.json':                  lambda d: (lambda a: (a/'fi_lora_meta.json').unlink() or a)(_adapter(d, 'm')),
    'base_model pointing elsewhere':         lambda d: (lambda a: (a/'fi_lora_meta.json').write_text(json.dumps(dict(json.loads((a/'fi_lora_meta.json').read_text()), base_model='gpt2'))) or a)(_adapter(d, 'm')),
    'the model path is a file':              lambda d: (d/'model.bin').write_bytes(b'x' * 10) or d/'model.bin',
    'the model path does not exist (typo)':  lambda d: d/'lora_finacial_model',
}

def broken_model_cases():
    for what, make in BROKEN.items():
        def case(d, make=make):
            m = make(d)
            rc, out, err, s = cli(['analyze', *NO_ENV, '--text', TEXT, '--model', str(m)], d)
            if rc == 0: TOTALS['silent_fallbacks'] += 1
            return one_line_error(rc, err)
        yield f'named model: {what}', case

# ---------------------------------------------------------------- analyze: inputs and outputs
def _csv(d, name, body, enc='utf-8'):
    p = d/name; p.write_bytes(body.encode(enc) if isinstance(body, str) else body); return p

def analyze_cases():
    def bad_input(body, *needles, enc='utf-8'):
        def case(d):
            f = _csv(d, 'in.csv', body, enc)
            rc, out, err, s = cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(d/'o.csv')], d)
            ok, msg = one_line_error(rc, err, *needles)
            return ok and s < 30, f'{msg} ({s:.1f}s)'
        return case
    yield 'analyze: empty CSV', bad_input('', 'is empty')
    yield 'analyze: header-only CSV', bad_input('text\n', 'no rows')
    yield 'analyze: CSV that is not UTF-8', bad_input('text\nCafé au lait, yields up\n', 'not valid UTF-8', enc='latin-1')
    yield 'analyze: no text column', bad_input('body\nYields up\n', "--text-col 'text'")
    def clash(d):
        f = _csv(d, 'in.csv', 'text,label,sentiment\nYields fell,x,1\n')
        return one_line_error(*cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(d/'o.csv')], d)[:3:2], 'already has column(s)')
    yield 'analyze: input already has score columns', clash
    def same(d):
        f = _csv(d, 'in.csv', 'text\nYields fell\n'); before = f.read_bytes()
        ok, msg = one_line_error(*cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(f)], d)[:3:2], '--overwrite-input')
        return ok and f.read_bytes() == before, msg
    yield 'analyze: --output is the --input', same
    def outdir(d):
        f = _csv(d, 'in.csv', 'text\nYields fell\n'); (d/'outdir').mkdir()
        return one_line_error(*cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(d/'outdir')], d)[:3:2], 'is a directory')
    yield 'analyze: --output is a directory', outdir
    def good(d):
        rows = ['=HYPERLINK("http://evil")', '+1bp on the day', '-5bp: Treasuries rallied', '@desk yields fell', '', None,
                'Moody\'s downgraded the issuer to junk', 'The Fed cut rates by 50bp'] * 25
        f = d/'in.csv'; pd.DataFrame({'id': range(len(rows)), 'text': rows}).to_csv(f, index=False)
        old = os.umask(0o022)
        try: rc, out, err, s = cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(d/'o.csv')], d)
        finally: os.umask(old)
        if rc != 0: return False, err.strip()[-160:]
        o = pd.read_csv(d/'o.csv', keep_default_na=False)
        TOTALS['lost_rows'] += abs(len(rows) - len(o))
        silent = int(((o['analyzer'] == 'baseline') & (o['fallback_reason'] == '')).sum())
        TOTALS['silent_fallbacks'] += silent
        formulas = int(o['text'].astype(str).str.match(r'^[=+\-@]').sum())
        mode = oct((d/'o.csv').stat().st_mode & 0o777)
        noise = [w for w in ('kernels', 'Loading weights', 'FutureWarning', 'Token indices') if w in err]
        ok = len(o) == len(rows) and silent == 0 and formulas == 0 and mode == '0o644' and not noise and len(out.strip().splitlines()) == 1
        return ok, f"{len(o)}/{len(rows)} rows, formulas left {formulas}, mode {mode}, noise {noise}, summary: {out.strip()[:90]}"
    yield 'analyze: a good file (rows kept, formulas neutralised, umask, quiet)', good
    def longtext(d):
        f = d/'in.csv'; pd.DataFrame({'text': ['Treasury yields rose and ' * 150 + 'the curve steepened.']}).to_csv(f, index=False)
        rc, out, err, s = cli(['analyze', *NO_ENV, '--input', str(f), '--output', str(d/'o.csv')], d)
        warn = [l for l in err.splitlines() if 'truncated' in l]
        ok = rc == 0 and len(warn) == 1 and 'MAX_LENGTH=94' not in warn[0] and 'Token indices' not in err
        return ok, (warn[0] if warn else err.strip()[-120:])[:160]
    yield 'analyze: a long text: one accurate truncation message', longtext
    def progress(d):
        f = d/'in.csv'; pd.DataFrame({'text': [f'Treasury yields rose {i} bp after the auction' for i in range(5000)]}).to_csv(f, index=False)
        rc, out, err, s = cli(['-v', 'analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f), '--output', str(d/'o.csv')], d)
        logs = [l for l in err.splitlines() if 'scoring:' in l and 'units (' in l]
        return rc == 0 and 3 <= len(logs) <= 12, f'{len(logs)} progress lines in the log, e.g. {logs[:1]}'
    yield 'analyze: a long job logs its progress', progress

# ---------------------------------------------------------------- backtest signals
def backtest_cases():
    def sig(body, *needles):
        def case(d):
            f = _csv(d, 'sig.csv', body)
            rc, out, err, s = cli(['backtest', *NO_ENV, '--signals', str(f), '--policy', 'sign', '--start', '2019-01-02',
                                   '--end', '2019-12-31', '--rebalance', 'M', '--output', str(d/'bt')], d)
            return one_line_error(rc, err, *needles)
        return case
    yield 'backtest: all-NaN signal', sig('date,UST_10Y\n2019-01-02,\n2019-02-01,\n')
    yield 'backtest: header-only signal', sig('date,UST_10Y\n')
    yield 'backtest: single-row signal', sig('date,UST_10Y\n2019-01-02,0.5\n')
    yield 'backtest: unparseable dates', sig('date,UST_10Y\nyesterday,0.5\nsoon,0.1\n')
    def yields(body, *needles, enc='utf-8'):
        def case(d):
            f = _csv(d, 'y.csv', body, enc)
            rc, out, err, s = cli(['backtest', *NO_ENV, '--yields-csv', str(f), '--policy', 'duration', '--output', str(d/'bt')], d)
            return one_line_error(rc, err, *needles)
        return case
    yield 'backtest: empty yield CSV', yields('', 'y.csv')
    yield 'backtest: yield CSV not UTF-8', yields('Date,10 Yr\n01/02/2020,1.9é\n', 'not valid UTF-8', enc='latin-1')

# ---------------------------------------------------------------- report, .env, config, secrets
def config_cases():
    def env(body, *needles, extra=()):
        def case(d):
            (d/'.env').write_text(body)
            return one_line_error(*cli(['config', '--env-file', str(d/'.env'), *extra], d)[:3:2], *needles)
        return case
    yield '.env: unknown key', env('LORA_RANK=8\n', 'LORA_RANK', 'LORA_R')
    yield '.env: a line that does not parse', env('LORA_R=8\nthis is not a setting\n', 'line 2')
    def missing(d): return one_line_error(*cli(['config', '--env-file', str(d/'nope.env')], d)[:3:2], 'nope.env')
    yield '.env: --env-file names a missing file', missing
    def badval(d): return one_line_error(*cli(['config', *NO_ENV, '--set', 'LORA_R', 'eight'], d)[:3:2], 'LORA_R')
    yield 'config: a bad value', badval
    def secrets(d):
        (d/'.env').write_text('OPENAI_API_KEY=sk-fault-suite-secret\n')
        rc, out, err, s = cli(['config', '--env-file', str(d/'.env')], d)
        rc2, out2, err2, _ = cli(['run', '--env-file', str(d/'.env'), '--demo', 'planted', '--set', 'BACKEND', 'baseline',
                                  '--start', '2019-01-02', '--end', '2019-06-28', '--set', 'OUTPUT_DIR', str(d/'run')], d)
        leaked = [str(p.relative_to(d)) for p in d.rglob('*') if p.is_file() and b'sk-fault-suite-secret' in p.read_bytes() and p.name != '.env']
        ok = rc == 0 and rc2 == 0 and 'sk-fault' not in out + err + out2 + err2 and not leaked
        return ok, f'rc {rc}/{rc2}, leaked into {leaked}' if not ok else 'the key is in no output and no file'
    yield 'secrets: a key in .env never printed or saved', secrets
    def report_date(d):
        rc, out, err, s = cli(['report', '-p', 'end', '2019-06-28', '--output', str(d/'r.ipynb'), '--no-html'], d, timeout=900)
        return rc == 0 and (d/'r.ipynb').is_file(), (err.strip().splitlines() or ['ok'])[-1][:160]
    yield 'report: -p end 2019-06-28 (a date)', report_date

# ---------------------------------------------------------------- interruption and concurrency
def write_cases():
    def interrupted(d):
        f = d/'in.csv'; pd.DataFrame({'text': [f'Yields rose {i} bp as supply swelled' for i in range(60000)]}).to_csv(f, index=False)
        prev = d/'o.csv'; prev.write_text('previous,file\n1,2\n'); before = prev.read_bytes()
        e = dict(os.environ, HOME=str(d/'home'), PYTHONPATH=str(ROOT))
        p = subprocess.Popen([sys.executable, '-m', 'fi_lora', 'analyze', *NO_ENV, '--input', str(f), '--output', str(prev)],
                             cwd=d, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(12); p.send_signal(signal.SIGINT); out, err = p.communicate(timeout=120)
        if 'Traceback (most recent call last)' in err: TOTALS['crashes_with_trace'] += 1
        left = [x.name for x in d.iterdir() if x.name.startswith('.o.csv')]
        intact = prev.read_bytes() == before or len(pd.read_csv(prev)) == 60000
        return intact and not left and p.returncode != 0, f'rc {p.returncode}, previous file intact {intact}, temp files {left}, {err.strip()[-80:]}'
    yield 'interrupt: Ctrl-C mid-analyze leaves the old output', interrupted
    def concurrent(d):
        f = d/'in.csv'; pd.DataFrame({'text': [f'Spreads widened {i} bp' for i in range(3000)]}).to_csv(f, index=False)
        e = dict(os.environ, HOME=str(d/'home'), PYTHONPATH=str(ROOT))
        ps = [subprocess.Popen([sys.executable, '-m', 'fi_lora', 'analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f), '--output', str(d/'o.csv')],
                               cwd=d, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        res = [p.communicate(timeout=300) for p in ps]
        if any('Traceback (most recent call last)' in r[1] for r in res): TOTALS['crashes_with_trace'] += 1
        o = pd.read_csv(d/'o.csv'); TOTALS['lost_rows'] += abs(3000 - len(o))
        return all(p.returncode == 0 for p in ps) and len(o) == 3000, f'{len(o)} rows in the file written by 3 concurrent runs'
    yield 'concurrency: three runs writing one output', concurrent

# ---------------------------------------------------------------- data: curve updates, adapter manifests, signals (issue 30)
def data_cases():
    if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))
    from fi_lora.public_data import treasury_csv_url, treasury_yields, resources_dir, write_snapshot
    from fi_lora.testing import local_http_server
    def update(d, csv:bytes):
        "`fi-lora data update` of the Treasury copy in d/fh against a server on 127.0.0.1 that answers `csv` for 2025."
        with local_http_server({treasury_csv_url(2025, '/treasury'): csv}) as srv:
            return cli(['data', 'update', '--dataset', 'treasury_yields', '--treasury-url', srv.url + '/treasury', '--today', '2025-07-20',
                        '--retries', '0'], d, env={'FI_LORA_HOME': str(d/'fh')})
    def partial_curve(d):
        (d/'fh').mkdir()
        rc, out, err, s = update(d, b'date,2Y,10Y\n2025-07-14,3.90,4.40\n2025-07-15,3.91,4.41\n')
        written = sorted(p.name for p in (d/'fh').iterdir())
        if rc == 0 and written: TOTALS['silent_wrong'] += 1        # appended with gaps that later stages interpolate
        ok = rc == 1 and not written and all(w in out for w in ('2025-07-14 has no', '3Y', '5Y', '7Y', 'kept the copy in use'))
        return ok, f'rc {rc}, files written {written}: {(out.strip() or err.strip())[:150]}'
    yield 'data update: a Treasury day with only the 2Y and 10Y', partial_curve
    def negative(d):
        low = treasury_yields(resources_dir()).iloc[-250:] - 4.0           # a curve around zero, as Bunds or JGBs had
        write_snapshot(low, 'treasury_yields', d/'fh', retrieval_date='2025-07-11')
        new = (low.iloc[[-1, -1]] - 0.6).set_axis(pd.DatetimeIndex(['2025-07-14', '2025-07-15'], name='date'))   # the 10Y below zero
        rc, out, err, s = update(d, new.to_csv().encode())
        got = pd.read_parquet(d/'fh'/'treasury_par_yields.parquet')
        ok = rc == 0 and len(got) == 252 and got['10Y'].iloc[-1] < 0 and 'decimals' not in out
        return ok, f'rc {rc}, 10Y now {got["10Y"].iloc[-1]:.2f}: {(out.strip() or err.strip())[-130:]}'
    yield 'data update: negative yields are appended, not called decimals', negative
    def adapter_copy(d):
        a = d/'m'; shutil.copytree(ADAPTER, a); return a, json.loads((a/'fi_lora_meta.json').read_text())
    def no_manifest(d):
        from safetensors.numpy import load_file, save_file
        import numpy as np
        a, meta = adapter_copy(d)
        h = load_file(str(a/'heads.safetensors'))                         # scrambled: each tensor's values permuted
        save_file({k: np.random.default_rng(0).permutation(v.ravel()).reshape(v.shape) for k, v in h.items()}, str(a/'heads.safetensors'))
        (a/'fi_lora_meta.json').write_text(json.dumps({k: v for k, v in meta.items() if k != 'files'}))
        rc, out, err, s = cli(['analyze', *NO_ENV, '--text', TEXT, '--model', str(a)], d)
        if rc == 0: TOTALS['silent_wrong'] += 1
        return one_line_error(rc, err, "no 'files' manifest")
    yield 'named model: no files manifest (weights scrambled)', no_manifest
    def outside(d):
        a, meta = adapter_copy(d)
        (d/'outside').mkdir(); evil = d/'outside'/'evil.safetensors'; shutil.copy(a/'heads.safetensors', evil)
        import hashlib
        meta['files']['../outside/evil.safetensors'] = hashlib.sha256(evil.read_bytes()).hexdigest()   # right hash: only a read shows it
        (a/'fi_lora_meta.json').write_text(json.dumps(meta))
        rc, out, err, s = cli(['analyze', *NO_ENV, '--text', TEXT, '--model', str(a)], d)
        if rc == 0: TOTALS['security'] += 1                                 # it read (and hashed) a file outside the adapter
        return one_line_error(rc, err, "'../outside/evil.safetensors'", 'not a plain file name')
    yield 'named model: a files entry outside the adapter directory', outside
    def bt(d, body, *extra):
        f = _csv(d, 'sig.csv', body)
        return cli(['backtest', *NO_ENV, '--signals', str(f), '--policy', 'sign', '--rebalance', 'M', '--output', str(d/'bt'), *extra], d)
    def infinite(d):
        rc, out, err, s = bt(d, 'date,UST_10Y,UST_2Y\n2019-01-31,0.5,0.1\n2019-02-28,inf,-0.2\n2019-03-29,0.2,0.1\n2019-04-30,0.2,-inf\n',
                             '--start', '2019-01-01', '--end', '2019-06-28')
        if rc == 0: TOTALS['silent_wrong'] += 1                              # traded on inf, counted as no signal
        return one_line_error(rc, err, "'UST_10Y' on 2019-02-28 is inf")
    yield 'backtest: inf signals', infinite
    def window(d):
        old = 'date,UST_10Y\n1985-01-31,0.5\n1985-02-28,-0.2\n1985-03-29,0.3\n'
        ok1, m1 = one_line_error(*bt(d, old, '--start', '1985-01-01', '--end', '1985-12-31')[:3:2], '1985-01-01 to 1985-12-31', '1990-01-02 to')
        ok2, m2 = one_line_error(*bt(d, old)[:3:2], '1985-01-31 to 1985-03-29', 'before the market data begin (1990-01-02)')
        ok3, m3 = one_line_error(*bt(d, old, '--start', '2019-06-01', '--end', '2019-01-01')[:3:2], 'end 2019-01-01 is before start 2019-06-01')
        return ok1 and ok2 and ok3, ' | '.join(m[:70] for m in (m1, m2, m3))
    yield 'backtest: signals before the curve, --end before --start', window

# ---------------------------------------------------------------- fetching: request forgery, foreign links, permanent failures, encodings
def fetch_cases():
    import contextlib, http.server, threading
    FIX = ROOT/'nbs'/'fixtures'/'public_data'
    PUBLIC_IP = '93.184.215.14'   # what the harness says news.test resolves to; never connected: it maps that address to the local server

    @contextlib.contextmanager
    def serve(routes):
        "Serve routes {path: body | (status, body[, headers]) | f() -> either} on 127.0.0.1; yields (port, hits)."
        hits = []
        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def do_GET(self):
                hits.append(self.path)
                ans = routes.get(self.path, (404, b'not found'))
                ans = ans() if callable(ans) else ans
                st, body, hdrs = (*ans, {})[:3] if isinstance(ans, tuple) else (200, ans, {})
                body = body.encode() if isinstance(body, str) else body
                try:
                    self.send_response(st)
                    for k, v in {'Content-Type': 'application/rss+xml', **hdrs, 'Content-Length': str(len(body))}.items(): self.send_header(k, v)
                    self.end_headers(); self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError): pass
        s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H); s.daemon_threads = True
        threading.Thread(target=s.serve_forever, daemon=True).start()
        try: yield s.server_address[1], hits
        finally: s.shutdown(); s.server_close()

    def rss(items, encoding='UTF-8'):
        its = ''.join(f'<item><title>{t}</title><link>{l}</link><guid>{l}</guid><description>{x}</description></item>' for t, l, x in items)
        return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>Wire</title><link>http://news.test/</link>'
                f'<description>Wire</description>{its}</channel></rss>')

    def page(title, text):
        return (f'<html lang="en"><head><title>{title}</title></head><body><article><h1>{title}</h1>'
                + f'<p>{text}</p>' * 6 + '</article></body></html>')

    HARNESS = textwrap.dedent('''
        import json, os, runpy, socket, sys
        PUBLIC, PORT, LOG = json.loads(os.environ['FAULTS_PUBLIC']), int(os.environ['FAULTS_PORT']), os.environ['FAULTS_LOG']
        real_gai, real_connect = socket.getaddrinfo, socket.socket.connect
        def getaddrinfo(host, port, *a, **kw): return real_gai(PUBLIC.get(host, host), port, *a, **kw)
        def connect(sock, addr):
            if tuple(addr[:2]) == (PUBLIC['news.test'], PORT): return real_connect(sock, ('127.0.0.1', PORT))
            with open(LOG, 'a') as f: f.write(f'{addr[0]}:{addr[1]}\\n')       # recorded, never connected
            raise ConnectionRefusedError(f'faults harness: no connection to {addr[0]}')
        socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect
        sys.argv = ['fi-lora', *sys.argv[1:]]
        runpy.run_module('fi_lora', run_name='__main__', alter_sys=True)
    ''')

    def public_cli(args, d, port):
        "`fi-lora ARGS` where news.test resolves to a public address served by 127.0.0.1:PORT, and every other connection is recorded and refused."
        (d/'harness.py').write_text(HARNESS)
        e = dict(os.environ, HOME=str(d/'home'), PYTHONPATH=str(ROOT), FAULTS_PUBLIC=json.dumps({'news.test': PUBLIC_IP}),
                 FAULTS_PORT=str(port), FAULTS_LOG=str(d/'connects.log'))
        r = subprocess.run([sys.executable, str(d/'harness.py'), *args], cwd=d, env=e, capture_output=True, text=True, timeout=600)
        if 'Traceback (most recent call last)' in r.stderr: TOTALS['crashes_with_trace'] += 1
        tried = (d/'connects.log').read_text().split() if (d/'connects.log').exists() else []
        return r.returncode, r.stdout, r.stderr, tried

    ingest = lambda *a: ['ingest', 'rss', *NO_ENV, '--store', 'docs', '--rate', '0', '--no-progress', *a]

    def local_feed(d):   # item 2: a feed on 127.0.0.1 is refused by default, before any request; --allow-private opts in
        with serve({'/feed.xml': rss([('Yields fall', 'http://127.0.0.1:9/a', 'Ten-year yields fell.')])}) as (port, hits):
            rc, out, err, s = cli(ingest('--no-pages', '--url', f'local=http://127.0.0.1:{port}/feed.xml'), d)
            before = list(hits)
            rc2, out2, err2, _ = cli(ingest('--no-pages', '--allow-private', '--url', f'local=http://127.0.0.1:{port}/feed.xml'), d)
        if before: TOTALS['security'] += 1
        ok = not before and 'refused: 127.0.0.1 is a loopback address' in out and rc2 == 0 and out2.startswith('rss: 1 added')
        return ok, f'default: {len(before)} requests reached the server, {(out.splitlines()[1:2] or [out.strip()])[0].strip()[:90]}; --allow-private: {(out2.splitlines() or [err2.strip()[-60:]])[0][:40]}'
    yield 'rss: a feed on 127.0.0.1 is refused unless --allow-private', local_feed

    def file_url(d):     # item 2: --url NAME=file:///... is refused up front, like the unnamed form
        rc, out, err, s = cli(ingest('--url', 'x=file:///etc/passwd'), d)
        ok, msg = one_line_error(rc, err, 'file:', 'http(s)')
        if rc != 2: TOTALS['security'] += 1
        return ok and rc == 2, msg
    yield 'rss: --url x=file:///etc/passwd is refused up front', file_url

    def forged_links(d):  # item 2: item links and redirects to forbidden addresses, from a feed on a public name
        text = 'Treasury yields fell after the auction drew strong demand from foreign buyers.'
        routes = {'/ok': page('Yields fall', text), '/redirect': (302, b'', {'Location': 'http://169.254.169.254/latest/meta-data/iam/'})}
        with serve(routes) as (port, hits):
            base = f'http://news.test:{port}'
            routes['/feed.xml'] = rss([('Yields fall', f'{base}/ok', 'Yields fell.'),
                                       ('Metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'Spreads widened.'),
                                       ('Office', 'http://10.0.0.1/admin', 'The curve steepened.'),
                                       ('Local port', f'http://localhost:{port}/secret', 'Bills rallied.'),
                                       ('Moved', f'{base}/redirect', 'Munis were quiet.')])
            rc, out, err, tried = public_cli(ingest('--url', f'news={base}/feed.xml'), d, port)
            served = sorted(hits)
        if tried or '/secret' in served: TOTALS['security'] += 1
        ok = rc == 0 and not tried and served == ['/feed.xml', '/ok', '/redirect'] and 'refused:' in err
        return ok, f'connections attempted elsewhere: {sorted(set(tried)) or "none"}; served {served}; {(out.splitlines() or [err.strip()[-90:]])[0][:60]}'
    yield 'rss: item links and redirects to 169.254.169.254, 10.0.0.1, localhost refused', forged_links

    def fomc_elsewhere(d):  # item 3: an FOMC calendar link to another host is an error, never an official release
        cal = (FIX/'fomccalendars.htm').read_bytes()
        routes = {'/fed/newsevents/pressreleases/monetary20260729a.htm': (FIX/'monetary20260729a.htm').read_bytes(),
                  '/fed/monetarypolicy/fomcminutes20260617.htm': (FIX/'fomcminutes20260617.htm').read_bytes(),
                  '/evil/newsevents/pressreleases/monetary20260617a.htm': (FIX/'monetary20260617a.htm').read_bytes()}
        with serve(routes) as (port, hits):
            routes['/fed/monetarypolicy/fomccalendars.htm'] = cal.replace(b'href="/newsevents/pressreleases/monetary20260617a.htm"',
                f'href="http://localhost:{port}/evil/newsevents/pressreleases/monetary20260617a.htm"'.encode())
            rc, out, err, s = cli(['data', 'update', '--dataset', 'fomc_texts', '--fed-url', f'http://127.0.0.1:{port}/fed', '--today', '2026-08-01',
                                   '--retries', '0'], d, env={'FI_LORA_HOME': str(d/'data')})
            evil = [h for h in hits if h.startswith('/evil/')]
        written = sorted(p.name for p in (d/'data').glob('*')) if (d/'data').exists() else []
        if evil or written: TOTALS['security'] += 1
        ok = rc == 1 and not evil and not written and 'fomc_texts: failed' in out and f'localhost:{port}/evil/' in out
        return ok, f'rc {rc}, fetched from the other host: {evil or "nothing"}, written: {written or "nothing"}; {out.strip()[:100]}'
    yield 'data update: an FOMC calendar link to another host', fomc_elsewhere

    def permanent(d):     # item 19: an oversize feed and a redirect loop: fetched once, failed with the reason, not retried
        big = rss([('Yields fall', 'http://127.0.0.1:9/a', 'Ten-year yields fell.')]) + ' ' * 21_000_000
        routes = {'/big.xml': big, '/loop-a': (302, b'', {'Location': '/loop-b'}), '/loop-b': (302, b'', {'Location': '/loop-a'})}
        with serve(routes) as (port, hits):
            u = f'http://news.test:{port}'
            rc, out, err, tried = public_cli(ingest('--no-pages', '--url', f'big={u}/big.xml', '--url', f'loop={u}/loop-a'), d, port)
            n_big, n_loop = hits.count('/big.xml'), hits.count('/loop-a')
        failed = [l for l in out.splitlines() if l.strip().startswith('failed:')]
        good = n_big == 1 and n_loop == 1 and len(failed) == 2 and 'retry next run' not in out
        if not good: TOTALS['silent_wrong'] += 1
        ok = good and any('larger than max_bytes' in l for l in failed) and any('redirect loop' in l for l in failed)
        return ok, f'fetches: big {n_big}, loop {n_loop}; {"; ".join(l.strip()[:70] for l in out.splitlines()[1:3])}'
    yield 'rss: an oversize feed and a redirect loop are permanent failures', permanent

    def shift_jis(d):     # item 20 (part): a Shift_JIS feed that parses is not called malformed
        body = rss([('国債利回りが上昇', 'http://127.0.0.1:9/jp/1', '十年物国債の利回りが上昇した。')], encoding='Shift_JIS').encode('shift_jis')
        with serve({'/jp.xml': (200, body, {'Content-Type': 'text/xml'})}) as (port, hits):
            rc, out, err, tried = public_cli(ingest('--no-pages', '--url', f'jp=http://news.test:{port}/jp.xml'), d, port)
        rc2, out2, err2, _ = cli(['docs', 'query', *NO_ENV, '--store', 'docs', '--output', str(d/'jp.jsonl')], d)
        titles = pd.read_json(d/'jp.jsonl', lines=True)['title'].tolist() if rc2 == 0 else []
        if 'malformed' in err: TOTALS['silent_wrong'] += 1
        ok = rc == 0 and 'malformed' not in err and titles == ['国債利回りが上昇']
        return ok, f'titles {titles}; stderr: {err.strip()[:90] or "quiet"}'
    yield 'rss: a Shift_JIS feed that parses is not called malformed', shift_jis

# ---------------------------------------------------------------- security: report XSS, keys in .env errors, URL credentials
EVIL = '<img src=x onerror=alert(1)><script>alert(2)</script>'

def _live_tags(page):
    "Elements of an HTML page that would run something: an `on...` attribute, or a script whose code is `alert(`."
    from html.parser import HTMLParser
    class P(HTMLParser):
        live, last = [], None
        def handle_starttag(self, tag, attrs): self.live += [f'<{tag} {k}=>' for k, v in attrs if k.startswith('on')]; self.last = tag
        def handle_data(self, data):
            if self.last == 'script' and 'alert(' in data: self.live.append('<script>' + data[:30])
    p = P(); p.live = []; p.feed(page); return p.live

def _closed_port():
    import socket
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close(); return port

def security_cases():
    def report_xss(d):
        a = _adapter(d, 'lora_financial_model'); m = a/'fi_lora_meta.json'
        m.write_text(json.dumps(dict(json.loads(m.read_text()), base_model=EVIL)))
        rc, out, err, s = cli(['run', *NO_ENV, '--start', '2003-01-01', '--end', '2012-12-31', '--set', 'OUTPUT_DIR', str(d/'out')], d, timeout=900)
        page = (d/'out'/'report.html').read_text(encoding='utf-8') if (d/'out'/'report.html').is_file() else None
        if rc != 0 or page is None: return False, f'rc {rc}, no report: {err.strip()[-120:]}'
        import html
        live, shown = _live_tags(page), html.escape(EVIL) in page
        if live: TOTALS['security'] += 1
        return not live and shown, f'live tags {live[:3]}, the metadata shown as text: {shown} ({s:.0f}s)'
    yield 'security: adapter metadata with markup reaches report.html only as text', report_xss
    def env_keys(d):
        key, leaks = 'sk-proj-Fault42suite77secret', []
        for body in (f'OPENAI_API_KEY="{key}\n', f'SEED=1\nOPENAI_API_KEY {key}\n', f'ANTHROPIC_API_KEY: {key}\n', f'{key}\n'):
            (d/'.env').write_text(body)
            rc, out, err, s = cli(['config', '--env-file', str(d/'.env')], d)
            ok, msg = one_line_error(rc, err, 'line')
            if 'Fault42' in out + err: leaks.append(body.strip().splitlines()[-1][:20])
            elif not ok: return False, msg
        TOTALS['security'] += len(leaks)
        return not leaks, f'the key printed for {leaks}' if leaks else f'4 bad lines, the key in no message, e.g. {msg}'
    yield 'security: .env lines that do not parse never print the key', env_keys
    def url_credentials(d):
        url = f'http://bob:hunter22@127.0.0.1:{_closed_port()}/v1'
        f = _csv(d, 'in.csv', 'text\nYields rose\n')
        remote = ['--set', 'BACKEND', 'remote', '--set', 'REMOTE_BASE_URL', url, '--set', 'REMOTE_MODEL', 'm']
        runs = {'config': cli(['config', *NO_ENV, '--set', 'REMOTE_BASE_URL', url], d),
                'config (bad scheme)': cli(['config', *NO_ENV, '--set', 'REMOTE_BASE_URL', url.replace('http', 'ftp')], d),
                'label --base-url': cli(['label', *NO_ENV, '--input', str(f), '--provider', 'openai', '--model', 'm', '--output', str(d/'l.jsonl'),
                                         '--base-url', url, '--no-progress', '--yes', '--max-retries', '0', '--timeout', '2'], d),
                'analyze --text': cli(['-v', 'analyze', *NO_ENV, *remote, '--text', TEXT], d),
                'analyze --input': cli(['analyze', *NO_ENV, *remote, '--input', str(f), '--output', str(d/'o.csv')], d)}
        shown = [k for k, (rc, out, err, s) in runs.items() if 'hunter22' in out + err]
        files = [str(p.relative_to(d)) for p in d.rglob('*') if p.is_file() and b'hunter22' in p.read_bytes()]
        TOTALS['security'] += len(shown) + len(files)
        masked = '********@127.0.0.1' in runs['config'][1]
        return not shown and not files and masked, f'credentials shown by {shown}, written to {files}' if shown or files else 'masked in every output and file'
    yield 'security: URL credentials never printed or written', url_credentials

# ---------------------------------------------------------------- documents, stores, pass-through columns, labelling (issue 30)
import contextlib

@contextlib.contextmanager
def _read_only(p):
    "Directory `p` unwritable for the CLI, root included (chattr +i as root, else chmod 555)."
    root = os.geteuid() == 0
    if root: subprocess.run(['chattr', '+i', str(p)], check=True, capture_output=True)
    else: p.chmod(0o555)
    try: yield p
    finally:
        if root: subprocess.run(['chattr', '-i', str(p)], check=True, capture_output=True)
        else: p.chmod(0o755)

def _docs_csv(d, name, n, day='2024-03-20', start=0, **cols):
    p = d/name
    pd.DataFrame({'timestamp': [f'{day} {9 + i % 8:02d}:{i % 60:02d}' for i in range(n)],
                  'text': [f'Treasury yields rose {start + i} bp after the auction' for i in range(n)], **cols}).to_csv(p, index=False)
    return p

def ingest_cases():
    def formulas(d):
        f = d/'f.csv'
        pd.DataFrame({'timestamp': ['2024-03-20 10:00'] * 4, 'title': ['=HYPERLINK("http://evil.example","x")', '+cmd|calc', '-2+3', '@SUM(A1)'],
                      'text': ['=1+1 yields', '+1bp on the day', '-5bp: Treasuries rallied', '@desk yields fell']}).to_csv(f, index=False)
        rc, out, err, s = cli(['ingest', 'files', *NO_ENV, '--store', str(d/'st'), str(f)], d)
        if rc: return False, err.strip()[-160:]
        rc, out, err, s = cli(['docs', 'query', *NO_ENV, '--store', str(d/'st'), '--output', str(d/'q.csv')], d)
        if rc: return False, err.strip()[-160:]
        q = pd.read_csv(d/'q.csv', dtype=str, keep_default_na=False)
        left = int(q[['title', 'text']].stack().str.match(r'^[=+\-@]').sum())
        TOTALS['security'] += left
        return left == 0 and len(q) == 4, f'{left} formula cells left in the CSV of docs query ({len(q)} rows)'
    yield 'docs query --output x.csv: formulas neutralised (item 5)', formulas

    def undated(d):
        f = d/'gap.csv'
        pd.DataFrame({'timestamp': ['2024-03-20 10:00', '', '2024-03-21 10:00'], 'text': ['Curve steepened.', 'Bills cheapened.', 'IG tightened.']}).to_csv(f, index=False)
        rc, out, err, s = cli(['ingest', 'files', *NO_ENV, '--store', str(d/'st'), str(f)], d)
        if rc == 0 and 'timestamp' not in out + err: TOTALS['silent_wrong'] += 1      # dated at ingest time, no word
        return one_line_error(rc, err, 'gap.csv', 'row 2', "'timestamp' is empty")
    yield 'ingest files: a row with an empty timestamp (item 7)', undated

    def assets(d):
        f = _docs_csv(d, 'a.csv', 3)
        r1 = cli(['ingest', 'files', *NO_ENV, '--store', str(d/'st'), '--assets', 'UST_10Y,IG_CREDIT', str(f)], d)
        r2 = cli(['ingest', 'fomc', *NO_ENV, '--store', str(d/'st'), '--assets', 'UST_2Y'], d)
        if r1[0] or r2[0]: return False, (r1[2] or r2[2]).strip()[-160:]
        rc, out, err, s = cli(['docs', 'query', *NO_ENV, '--store', str(d/'st'), '--columns', 'source,assets', '--output', str(d/'q.parquet')], d)
        q = pd.read_parquet(d/'q.parquet')
        want = q['source'].map(lambda s: ['UST_2Y'] if s.startswith('fomc') else ['UST_10Y', 'IG_CREDIT'])
        wrong = int(sum(list(a) != w for a, w in zip(q['assets'], want)))
        TOTALS['silent_wrong'] += wrong
        return rc == 0 and wrong == 0 and len(q) > 3, f'{wrong} of {len(q)} documents without the --assets given (files and fomc)'
    yield 'ingest files/fomc: --assets applied (item 8)', assets

    def compacted(d):
        for name, start in (('a.csv', 0), ('b.csv', 30)):                       # two ingests: two files in each date partition
            for day in ('2024-03-20', '2024-03-21'):
                f = _docs_csv(d, f'{day}-{name}', 15, day=day, start=start + (15 if day.endswith('21') else 0))
                rc, out, err, s = cli(['ingest', 'files', *NO_ENV, '--store', str(d/'st'), str(f)], d)
                if rc: return False, err.strip()[-160:]
        sc = ['analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(d/'st'), '--output', str(d/'scores')]
        r1 = cli(sc, d); r2 = cli(['docs', 'compact', *NO_ENV, '--store', str(d/'st')], d); r3 = cli(sc, d)
        if r1[0] or r2[0] or r3[0]: return False, (r1[2] + r2[2] + r3[2]).strip()[-160:]
        n = len(pd.read_parquet(d/'scores'))
        TOTALS['silent_wrong'] += max(0, n - 60)
        return n == 60, f'{n} score rows for 60 documents after docs compact and a second scoring'
    yield 'docs compact, then scoring again: one score per document (item 9)', compacted

    def passthrough(d):
        src = ('id,zip,text,n\n1790000000000000001,02110,NA,12345\n1790000000000000002,,None,\n3,02111,null,-5\n'
               '4,00001,N/A,+1\n5,02112,nan,1e5\n6,,Yields fell as the Fed cut,007\n')
        f = d/'in.csv'; f.write_text(src)
        rc, out, err, s = cli(['analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f), '--output', str(d/'o.csv')], d)
        if rc: return False, err.strip()[-160:]
        o = pd.read_csv(d/'o.csv', dtype=str, keep_default_na=False)
        i = pd.read_csv(f, dtype=str, keep_default_na=False)
        changed = int((o[i.columns] != i).sum().sum()) + int((o['analyzer'] == 'input_check').sum())
        TOTALS['silent_wrong'] += changed
        return changed == 0, f'{changed} input cells rewritten or texts flagged empty'
    yield 'analyze: input columns pass through byte for byte (item 12)', passthrough

    def two_labels(d):
        sys.path.insert(0, str(ROOT))
        from fi_lora.testing import StubLLMServer
        N = 40                                                                    # documents; the first run takes N * 2 s
        f = d/'docs.csv'; pd.DataFrame({'text': [f'Treasury yields rose {i} bp after the auction' for i in range(N)]}).to_csv(f, index=False)
        e = dict(os.environ, HOME=str(d/'home'), PYTHONPATH=str(ROOT), REMOTE_API_KEY='sk-faults-dummy')
        with StubLLMServer(latency=2.0) as stub:                                   # slow answers: the second run starts while the first labels
            args = [sys.executable, '-m', 'fi_lora', 'label', *NO_ENV, '--input', str(f), '--provider', 'openai', '--model', 'gpt-4.1-mini',
                    '--base-url', stub.url, '--output', str(d/'labels.jsonl'), '--cache', str(d/'cache.sqlite'), '--concurrency', '1',
                    '--yes', '--no-progress']
            p1 = subprocess.Popen(args, cwd=d, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            t = time.time()
            while time.time() - t < 120 and not ((d/'labels.jsonl').is_file() and (d/'labels.jsonl').stat().st_size): time.sleep(0.1)
            p2 = subprocess.Popen(args, cwd=d, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            r2 = p2.communicate(timeout=300); overlap = p1.poll() is None       # the first run still labelling when the second ended
            res = [p1.communicate(timeout=300), r2]
            n_req = len(stub.requests)
        if any('Traceback (most recent call last)' in r[1] for r in res): TOTALS['crashes_with_trace'] += 1
        lines = len((d/'labels.jsonl').read_text().splitlines()) if (d/'labels.jsonl').is_file() else 0
        TOTALS['silent_wrong'] += max(0, lines - N)
        said = p2.returncode != 0 and 'another labelling run' in res[1][1]
        return lines == N and n_req == N and p1.returncode == 0 and overlap and said, \
            f'{lines} lines, {n_req} requests for {N} documents; runs overlapped: {overlap}; second run rc {p2.returncode}: {res[1][1].strip()[-90:]}'
    yield 'label: two runs on one output label each document once (item 13)', two_labels

    def unwritable(d):
        f = _docs_csv(d, 'in.csv', 5); (d/'ro').mkdir()
        try:
            with _read_only(d/'ro'):
                a = cli(['analyze', *NO_ENV, '--model', str(d/'no_such_adapter'), '--input', str(f), '--output', str(d/'ro'/'o.csv')], d)
                b = cli(['ingest', 'files', *NO_ENV, '--store', str(d/'ro'/'st'), str(f)], d)
        except subprocess.CalledProcessError as e: return False, f'could not make a directory read-only: {e}'
        oka, msga = one_line_error(a[0], a[2], 'ro/o.csv', 'cannot write')      # before the model is even looked at
        okb, msgb = one_line_error(b[0], b[2], 'ro/st', 'cannot write')
        return oka and okb, f'analyze: {msga[:70]} | ingest: {msgb[:70]}'
    yield 'an unwritable --output or --store: one line, before any work (item 14)', unwritable

    def jsonl_list(d):
        f = d/'in.jsonl'; f.write_text('{"text": "Yields fell"}\n{"text": ["Yields", "fell"]}\n')
        rc, out, err, s = cli(['analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f), '--output', str(d/'o.csv')], d)
        return one_line_error(rc, err, 'line 2', "'text' is a list")
    yield 'analyze: JSONL whose text is a list (item 15)', jsonl_list

    def cp1252(d):
        text = '“Yields fell” – €5bn of bids'
        f = d/'excel.csv'; f.write_bytes(f'text\n{text}\n'.encode('cp1252'))
        base = ['analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f), '--output', str(d/'o.csv')]
        ok, msg = one_line_error(*cli(base, d)[:3:2], 'cp1252', '--encoding')
        rc, out, err, s = cli([*base, '--encoding', 'cp1252'], d)
        got = pd.read_csv(d/'o.csv').text[0] if rc == 0 else None
        if rc == 0 and got != text: TOTALS['silent_wrong'] += 1
        return ok and got == text, f'{msg[:110]} | with --encoding cp1252: {got!r}'
    yield 'analyze: a cp1252 (Excel) CSV, --encoding (item 16)', cp1252

    def parquet_output(d):
        sys.path.insert(0, str(ROOT))
        from fi_lora.testing import fixture_documents
        store = fixture_documents(d/'store', n=40, days=2)
        base = ['analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(store)]
        rc, out, err, s = cli([*base, '--output', str(d/'x.csv')], d)
        made_dir = (d/'x.csv').is_dir()
        rc2, out2, err2, _ = cli([*base, '--output', str(d/'scores')], d)
        bar = [l for l in err2.replace('\r', '\n').splitlines() if '%|' in l or 'it/s]' in l]
        return not made_dir and (rc != 0 or (d/'x.csv').is_file()) and rc2 == 0 and not bar, \
            f"--output x.csv: {'a directory x.csv' if made_dir else (err.strip() or 'a CSV')[-90:]}; bar lines in a pipe: {len(bar)}"
    yield 'analyze Parquet: --output x.csv, no bar into a pipe (item 20)', parquet_output

    def terminal(d):
        import fcntl, pty, struct, termios
        sys.path.insert(0, str(ROOT))
        from fi_lora.testing import StubLLMServer
        f = _docs_csv(d, 'in.csv', 400)
        m, sl = pty.openpty(); fcntl.ioctl(sl, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
        e = dict(os.environ, HOME=str(d/'home'), PYTHONPATH=str(ROOT))
        p = subprocess.Popen([sys.executable, '-m', 'fi_lora', 'analyze', *NO_ENV, '--set', 'BACKEND', 'baseline', '--input', str(f),
                              '--output', str(d/'o.csv')], cwd=d, env=e, stdout=subprocess.PIPE, stderr=sl)
        os.close(sl); buf = b''
        while True:
            try: chunk = os.read(m, 4096)
            except OSError: break
            if not chunk: break
            buf += chunk
        p.wait(); os.close(m)
        bar = '%|' in buf.decode('utf-8', 'replace')
        with StubLLMServer(models=['fi-lora']) as stub:
            rc, out, err, s = cli(['-v', 'analyze', *NO_ENV, '--set', 'BACKEND', 'remote', '--set', 'REMOTE_BASE_URL', stub.url,
                                   '--set', 'REMOTE_MODEL', 'fi-lora', '--text', TEXT], d)
        noisy = [l for l in err.splitlines() if l.startswith('INFO') and 'fi_lora' not in l.split(':')[0]]
        return p.returncode == 0 and bar and rc == 0 and not noisy, f'a bar on a terminal: {bar}; other libraries\' INFO lines with -v: {noisy[:1]}'
    yield 'analyze: a bar on a terminal, -v without httpx lines (item 20)', terminal

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--only', default=None, help='run the cases whose name contains this'); a = ap.parse_args()
    cases = [c for g in (broken_model_cases, analyze_cases, backtest_cases, config_cases, write_cases, data_cases, fetch_cases, security_cases, ingest_cases) for c in g()]
    if a.only: cases = [c for c in cases if a.only in c[0]]
    rows = []
    for name, case in cases:
        d = Path(tempfile.mkdtemp(prefix='fi_lora_faults_')); (d/'home').mkdir()
        t = time.time()
        try: ok, detail = case(d)
        except Exception as e: ok, detail = False, f'the suite itself failed: {type(e).__name__}: {e}'[:160]
        finally: shutil.rmtree(d, ignore_errors=True)
        rows.append(dict(case=name, ok=bool(ok), seconds=round(time.time() - t, 1), detail=detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name:58} {detail}", flush=True)
    tbl = pd.DataFrame(rows)
    with pd.option_context('display.width', 250, 'display.max_colwidth', 110):
        print('\n' + tbl[['case', 'ok', 'seconds']].to_string(index=False))
    print(f"\nRESULT cases={len(tbl)} passed={int(tbl.ok.sum())} lost_rows={TOTALS['lost_rows']} "
          f"silent_fallbacks={TOTALS['silent_fallbacks']} silent_wrong={TOTALS['silent_wrong']} "
          f"crashes_with_trace={TOTALS['crashes_with_trace']} security={TOTALS['security']}")

if __name__ == '__main__': main()
