"""Speed of the main job, `fi-lora run`: the FOMC study on the embedded data, end to end, offline — cold and warm.

Does what `fi-lora run` does and times each stage: importing the package, reading the embedded curve and
FOMC texts, building the readers (`make_analyzer`: the shipped adapter when there is one, else the
lexicon), scoring every release sentence by sentence, the event study, the walk-forward policy backtests,
the calibration on labelled sentences (when ../shared/data has them), writing the outputs, and rendering
the HTML report with papermill. It runs three times, each time in a fresh Python process, with one empty score
cache (`FI_LORA_CACHE` set to a temporary directory): cold (nothing cached, as on a fresh install) and warm
(a second run: the sentence scores come from the cache), and warm again with the report's kernel started when the report
starts rather than with the run (what `report_kernel` saves). Goals on 2 idle cores: cold <= 60 s, warm <= 10 s.
The model is whatever the settings give (`BACKEND`, default auto), as for a user; the table says which.

Run from the repo root: `python bench/run_speed.py [--backend baseline] [--no-cache] [--no-ahead]`
(`--no-cache`: both runs without the score cache, the behaviour before it; `--no-ahead`: the report's kernel started
when the report starts, not with the run, the behaviour before `report_kernel`).
Ends with `RESULT cold_s=... warm_s=... seconds=... documents=... sentences=...` (`seconds`: the cold run).
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path


def child(out:str, backend:str|None, no_cache:bool, ahead:bool=True):
    "One run in this process; prints one JSON line: stage seconds and what was read."
    t0 = time.perf_counter()
    from fi_lora.config import FILoRAConfig
    from fi_lora.system import LoRAFixedIncomeTradingSystem, run_report, report_kernel
    t_import = time.perf_counter() - t0
    cfg = FILoRAConfig.from_env(**({'backend': backend} if backend else {}), **({'SCORE_CACHE': False} if no_cache else {}), output_dir=out)
    system = LoRAFixedIncomeTradingSystem(config=cfg)
    with report_kernel(out, ahead) as kernel:          # as `fi-lora run`: the report's kernel starts with the run (unless --no-ahead)
        t = time.perf_counter()
        res = system.run_complete_analysis(output_dir=out, progress=False)
        t_run = time.perf_counter() - t
        t = time.perf_counter()
        run_report(Path(out) / 'report.ipynb', dict(result_dir=str(Path(out) / 'study')), kernel=kernel)
        t_report = time.perf_counter() - t
    stages = {'import fi_lora': t_import, **res.times, 'outputs (tables, pictures)': t_run - sum(res.times.values()),
              'HTML report (papermill + nbconvert)': t_report}
    model = res.readers['model']
    print('STAGES ' + json.dumps(dict(stages=stages, documents=sum(res.sample['releases'].values()), sentences=res.sample['sentences'],
                                      readers=list(res.tone['reader'].unique()), model=f"{model['analyzer'] or 'none'} ({model['action']}: {model['reason']})",
                                      html_kib=(Path(out) / 'report.html').stat().st_size / 1024)))


def run_once(cache:str, args:list[str]) -> tuple[float, dict]:
    "Wall seconds of one fresh process doing one run, and what it printed."
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, FI_LORA_CACHE=cache)
        t = time.perf_counter()
        p = subprocess.run([sys.executable, __file__, '--child', d, *args], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
    line = next((l for l in p.stdout.splitlines() if l.startswith('STAGES ')), None)
    if p.returncode or line is None: sys.exit(f"the run failed (exit {p.returncode}):\n{p.stderr[-3000:]}")
    return wall, json.loads(line[7:])


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--backend', default=None, help='BACKEND for this run (default: the environment / .env, else auto)')
    ap.add_argument('--no-cache', action='store_true', help='both runs without the persistent score cache')
    ap.add_argument('--no-ahead', action='store_true', help="start the report's kernel when the report starts, not with the run (the behaviour before)")
    ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if a.child:
        child(a.child, a.backend, a.no_cache, not a.no_ahead); sys.exit(0)
    import pandas as pd
    extra = (['--backend', a.backend] if a.backend else []) + (['--no-cache'] if a.no_cache else []) + (['--no-ahead'] if a.no_ahead else [])
    with tempfile.TemporaryDirectory() as cache:
        cold_s, cold = run_once(cache, extra)
        warm_s, warm = run_once(cache, extra)
        late_s, late = run_once(cache, extra + ['--no-ahead']) if not a.no_ahead else (warm_s, warm)   # side by side: the kernel started late
    tab = pd.DataFrame({'cold s': cold['stages'], 'warm s': warm['stages'], 'warm, kernel at report s': late['stages']})
    tab.loc['Python start, imports of the child'] = [x - sum(r['stages'].values()) for x, r in ((cold_s, cold), (warm_s, warm), (late_s, late))]
    tab.loc['total (wall, fresh process)'] = [cold_s, warm_s, late_s]
    print(f"FOMC study: {cold['documents']} releases, {cold['sentences']:,} sentences per reader, readers {cold['readers']}; model: {cold['model']}")
    print(f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), load average {os.getloadavg()[0]:.1f}; report {cold['html_kib']:,.0f} KiB; "
          f"score cache {'off' if a.no_cache else 'on (empty before the cold run)'}\n")
    with pd.option_context('display.float_format', '{:,.2f}'.format): print(tab.to_string())
    print(f"\ngoals on 2 idle cores: cold <= 60 s ({'ok' if cold_s <= 60 else 'NOT met'}), warm <= 10 s ({'ok' if warm_s <= 10 else 'NOT met'})")
    print(f"RESULT cold_s={cold_s:.1f} warm_s={warm_s:.1f} warm_kernel_at_report_s={late_s:.1f} seconds={cold_s:.1f} documents={cold['documents']} sentences={cold['sentences']}")
