"""Speed of the main job, `fi-lora run`: the FOMC study on the embedded data, end to end, offline — cold and warm.

Does what `fi-lora run` does and times each stage: importing the package, reading the embedded curve and
FOMC texts, building the readers (`make_analyzer`: the shipped adapter when there is one, else the
lexicon), scoring every release sentence by sentence, the event study, the walk-forward policy backtests,
the calibration on labelled sentences (when ../shared/data has them), writing the outputs, and rendering
the HTML report with papermill. It runs twice, each time in a fresh Python process, with one empty score
cache (`FI_LORA_CACHE` set to a temporary directory): cold (nothing cached, as on a fresh install) and warm
(a second run: the sentence scores come from the cache). Goals on 2 idle cores: cold <= 60 s, warm <= 10 s.
The model is whatever the settings give (`BACKEND`, default auto), as for a user; the table says which.

Run from the repo root: `python bench/run_speed.py [--backend baseline] [--no-cache]`
(`--no-cache`: both runs without the score cache, the behaviour before it).
Ends with `RESULT cold_s=... warm_s=... seconds=... documents=... sentences=...` (`seconds`: the cold run).
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path


def child(out:str, backend:str|None, no_cache:bool):
    "One run in this process; prints one JSON line: stage seconds and what was read."
    t0 = time.perf_counter()
    from fi_lora.config import FILoRAConfig
    from fi_lora.system import LoRAFixedIncomeTradingSystem, run_report
    t_import = time.perf_counter() - t0
    cfg = FILoRAConfig.from_env(**({'backend': backend} if backend else {}), **({'SCORE_CACHE': False} if no_cache else {}), output_dir=out)
    system = LoRAFixedIncomeTradingSystem(config=cfg)
    t = time.perf_counter()
    res = system.run_complete_analysis(output_dir=out, progress=False)
    t_run = time.perf_counter() - t
    t = time.perf_counter()
    run_report(Path(out) / 'report.ipynb', dict(result_dir=str(Path(out) / 'study')))
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
    ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if a.child:
        child(a.child, a.backend, a.no_cache); sys.exit(0)
    import pandas as pd
    extra = (['--backend', a.backend] if a.backend else []) + (['--no-cache'] if a.no_cache else [])
    with tempfile.TemporaryDirectory() as cache:
        cold_s, cold = run_once(cache, extra)
        warm_s, warm = run_once(cache, extra)
    tab = pd.DataFrame({'cold s': cold['stages'], 'warm s': warm['stages']})
    tab.loc['Python start, imports of the child'] = [cold_s - sum(cold['stages'].values()), warm_s - sum(warm['stages'].values())]
    tab.loc['total (wall, fresh process)'] = [cold_s, warm_s]
    print(f"FOMC study: {cold['documents']} releases, {cold['sentences']:,} sentences per reader, readers {cold['readers']}; model: {cold['model']}")
    print(f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), load average {os.getloadavg()[0]:.1f}; report {cold['html_kib']:,.0f} KiB; "
          f"score cache {'off' if a.no_cache else 'on (empty before the cold run)'}\n")
    with pd.option_context('display.float_format', '{:,.2f}'.format): print(tab.to_string())
    print(f"\ngoals on 2 idle cores: cold <= 60 s ({'ok' if cold_s <= 60 else 'NOT met'}), warm <= 10 s ({'ok' if warm_s <= 10 else 'NOT met'})")
    print(f"RESULT cold_s={cold_s:.1f} warm_s={warm_s:.1f} seconds={cold_s:.1f} documents={cold['documents']} sentences={cold['sentences']}")
