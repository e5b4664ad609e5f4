"""Speed of the report step of `fi-lora run`: pictures written beside the study, then the tear sheet executed with papermill and exported as HTML.

Runs a small FOMC study with the lexicon alone (the report's work does not depend on the reader), saves it as `fi-lora run`
does (`write_outputs`), then times, side by side in this one process: `write_outputs` (tables and PNGs), the figures alone
(`study_figures`), papermill's execution of the template (kernel start, imports, figures, tables), and the HTML export
(`report_html`). The issue's goal: report and study together add at most 15 s to `fi-lora run`.
Run from the repo root: `python bench/report_speed.py`. Ends with `RESULT report_seconds=... html_kib=...`.
"""
import os, sys, tempfile, time
from pathlib import Path

if __name__ == '__main__':
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import pandas as pd, matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from fi_lora.config import FILoRAConfig
    from fi_lora.study import StudyParams, fomc_study
    from fi_lora.reports import write_outputs, run_report, report_html, study_figures
    cfg = FILoRAConfig(backend='baseline', seed=7)
    res = fomc_study(cfg, StudyParams(start='2003-01-01', train_end='2012-12-31'), progress=False)
    times = {}
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter(); write_outputs(res, cfg, d); times['write_outputs (tables, PNGs)'] = time.perf_counter() - t
        t = time.perf_counter(); figs = study_figures(res); times['  of which: the figures alone'] = time.perf_counter() - t; plt.close('all')
        t = time.perf_counter(); run_report(Path(d)/'report.ipynb', dict(result_dir=str(Path(d)/'study')), html=False)
        times['papermill: execute the template'] = time.perf_counter() - t
        t = time.perf_counter(); page = report_html(Path(d)/'report.ipynb'); times['HTML export (report_html)'] = time.perf_counter() - t
        t = time.perf_counter(); run_report(Path(d)/'report2.ipynb', dict(result_dir=str(Path(d)/'study')))
        times['run_report as `fi-lora run` calls it'] = time.perf_counter() - t
    tab = pd.DataFrame({'seconds': times})
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {len(figs)} pictures; page {len(page) / 1024:,.0f} KiB\n")
    with pd.option_context('display.float_format', '{:,.2f}'.format): print(tab.to_string())
    step = times['write_outputs (tables, PNGs)'] + times['run_report as `fi-lora run` calls it']
    print(f"\nreport step (write_outputs + run_report): {step:.1f} s")
    print(f"RESULT report_seconds={step:.1f} run_report_seconds={times['run_report as `fi-lora run` calls it']:.1f} html_kib={len(page) / 1024:.0f}")
