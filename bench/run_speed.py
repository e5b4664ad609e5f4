"""Speed of the main job, `fi-lora run`: the FOMC study on the embedded data, end to end, offline.

Does what `fi-lora run` does, in this process, and times each stage: importing the package, reading the
embedded curve and FOMC texts, building the readers (`make_analyzer`: the shipped adapter when there is
one, else the lexicon), scoring every release sentence by sentence, the event study, the walk-forward
policy backtests, the calibration on labelled sentences (when ../shared/data has them), writing the
outputs, and rendering the HTML report with papermill. The goal: the whole run in at most 3 minutes
on 2 cores. The model is whatever the settings give (`BACKEND`, default auto), as for a user; the
table says which. Run from the repo root: `python bench/run_speed.py [--backend baseline]`.
Ends with `RESULT seconds=... documents=... sentences=...`.
"""
import argparse, os, sys, tempfile, time
from pathlib import Path

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--backend', default=None, help='BACKEND for this run (default: the environment / .env, else auto)')
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    t0 = time.perf_counter()
    import pandas as pd
    from fi_lora.config import FILoRAConfig
    from fi_lora.system import LoRAFixedIncomeTradingSystem, run_report
    t_import = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        cfg = FILoRAConfig.from_env(**({'backend': a.backend} if a.backend else {}), output_dir=d)
        system = LoRAFixedIncomeTradingSystem(config=cfg)
        t = time.perf_counter()
        res = system.run_complete_analysis(output_dir=d, progress=False)
        t_run = time.perf_counter() - t
        t = time.perf_counter()
        run_report(Path(d) / 'report.ipynb', dict(result_dir=str(Path(d) / 'study')))
        t_report = time.perf_counter() - t
        html_kib = (Path(d) / 'report.html').stat().st_size / 1024
    total = time.perf_counter() - t0
    stages = {'import fi_lora': t_import, **res.times, 'outputs (tables, pictures)': t_run - sum(res.times.values()),
              'HTML report (papermill + nbconvert)': t_report}
    tab = pd.DataFrame({'seconds': stages}).assign(share=lambda x: x.seconds / total)
    tab.loc['total'] = [total, 1.0]
    model = res.readers['model']
    n_docs, n_sent = sum(res.sample['releases'].values()), res.sample['sentences']
    print(f"FOMC study: {n_docs} releases, {n_sent:,} sentences per reader, readers {list(res.tone['reader'].unique())}; "
          f"model: {model['analyzer'] or 'none'} ({model['action']}: {model['reason']})")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; report {html_kib:,.0f} KiB\n")
    with pd.option_context('display.float_format', '{:,.2f}'.format): print(tab.to_string())
    print(f"\ngoal: <= 180 s on 2 cores ({'ok' if total <= 180 else 'NOT met'})")
    print(f"RESULT seconds={total:.1f} documents={n_docs} sentences={n_sent}")
