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

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--only', default=None, help='run the cases whose name contains this'); a = ap.parse_args()
    cases = [c for g in (broken_model_cases, analyze_cases, backtest_cases, config_cases, write_cases, security_cases) for c in g()]
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
