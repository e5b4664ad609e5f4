"""Speed of the synthetic training corpus: 100,000 labelled examples on one core (target: < 30 s).

Run from the repository root: `python bench/corpus_speed.py [N]`. Generation is pure Python and
single-threaded; the process is pinned to one core where the OS allows it, so the figure is a
one-core figure. Also times saving (DatasetDict + JSONL) and loading, and reports diversity (of the
bond-view texts: an equity-view twin repeats its bond-view text on purpose).
"""
import os, sys, time, tempfile, shutil
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

def main(n=100_000):
    pinned = 'no'
    if hasattr(os, 'sched_setaffinity'):
        cpu = min(os.sched_getaffinity(0)); os.sched_setaffinity(0, {cpu}); pinned = f'cpu {cpu}'
    from fi_lora.corpus import FinancialTrainingDataGenerator, save_training_data, load_training_data, diversity_report
    from datasets import disable_progress_bars; disable_progress_bars()
    gen = FinancialTrainingDataGenerator()
    rows = []
    t0 = time.perf_counter(); texts, labels = gen.generate_all(n, seed=0); gen_s = time.perf_counter() - t0
    rows.append(('generate_all', n, gen_s))
    for name in ('generate_sentiment_training_data', 'generate_triplet_training_data', 'generate_central_bank_data',
                 'generate_news_data', 'generate_press_release_data', 'generate_earnings_call_data', 'generate_social_media_data'):
        m = 10_000; t0 = time.perf_counter(); getattr(gen, name)(m, seed=0); rows.append((name, m, time.perf_counter() - t0))
    tmp = Path(tempfile.mkdtemp())
    try:
        t0 = time.perf_counter(); save_training_data(texts, labels, tmp / 'corpus'); rows.append(('save (DatasetDict + JSONL)', n, time.perf_counter() - t0))
        t0 = time.perf_counter(); bt, bl = load_training_data(tmp / 'corpus'); rows.append(('load (DatasetDict)', n, time.perf_counter() - t0))
        t0 = time.perf_counter(); jt, jl = load_training_data(tmp / 'corpus' / 'corpus.jsonl'); rows.append(('load (JSONL)', n, time.perf_counter() - t0))
        size_mb = sum(f.stat().st_size for f in (tmp / 'corpus').rglob('*') if f.is_file()) / 2**20
    finally: shutil.rmtree(tmp, ignore_errors=True)
    assert len(bt) == n and sorted(jt) == sorted(texts)
    bond = [t for t, l in zip(texts, labels) if l['view'] == 'bond']
    d = diversity_report(bond)
    print(f"pinned to: {pinned}; load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus\n")
    print(f"{'step':<36}{'n':>9}{'seconds':>10}{'examples/s':>13}")
    for name, m, s in rows: print(f"{name:<36}{m:>9}{s:>10.2f}{m / s:>13,.0f}")
    print(f"\non disk: {size_mb:.1f} MiB; distinct-1/2/3: {d['distinct_1']:.4f}/{d['distinct_2']:.4f}/{d['distinct_3']:.4f}; "
          f"duplicates: {d['duplicate_rate']:.4f}; mean words: {d['mean_words']:.1f}; equity-view twins: {n - len(bond)}")
    print(f"target: {n} examples < 30 s on one core -> {'met' if gen_s < 30 else 'NOT met'}")
    print(f"RESULT n={n} seconds={gen_s:.2f} examples_per_s={n / gen_s:.0f} duplicate_rate={d['duplicate_rate']:.4f} "
          f"distinct_2={d['distinct_2']:.4f} distinct_3={d['distinct_3']:.4f}")

if __name__ == '__main__': main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
