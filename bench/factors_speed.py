"""Speed of the point-in-time text aggregation (`text_factors`) and of the IC evaluation.

Compares the vectorised causal filter with a direct per-date reference (same numbers, checked),
then times the full-size case (30 years of daily news) alone. Run from the repo root:
    python bench/factors_speed.py
"""
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np, pandas as pd
from fi_lora.factors import text_factors, effective_dates, doc_assets, information_coefficient, event_ic, as_documents

def stream(n_days, n_docs, insts, seed=0):
    rng = np.random.default_rng(seed)
    cal = pd.bdate_range('1995-01-02', periods=n_days)
    ts = cal[rng.integers(0, n_days, n_docs)] + pd.to_timedelta(rng.integers(360, 1260, n_docs), unit='min')
    docs = as_documents(pd.DataFrame({'timestamp': ts, 'text': 'x', 'assets': [[insts[i]] for i in rng.integers(0, len(insts), n_docs)]}))
    sc = pd.DataFrame({'sentiment': rng.uniform(-1, 1, n_docs), 'confidence': rng.uniform(0.3, 1, n_docs),
                       'relevance': rng.uniform(0.3, 1, n_docs), 'risk_level': rng.uniform(0, 1, n_docs)})
    R = pd.DataFrame(rng.standard_normal((n_days, len(insts))) * 0.003, index=cal, columns=insts)
    return docs, sc, R

def reference(docs, sc, cal, insts, half_life, min_weight=1.0):
    "Direct definition: for every date, sum over documents known by then."
    eff = effective_dates(docs.timestamp, cal)
    a = [x[0] for x in doc_assets(docs, insts)]
    w = (sc.confidence * sc.relevance).to_numpy(); s = sc.sentiment.to_numpy()
    pos = cal.get_indexer(eff)
    lam = 0.5 ** (1 / half_life)
    out = np.zeros((len(cal), len(insts)))
    col = pd.Index(insts).get_indexer(a)
    for t in range(len(cal)):
        m = (pos >= 0) & (pos <= t)
        d = lam ** (t - pos[m])
        W = np.bincount(col[m], weights=w[m] * d, minlength=len(insts))
        S = np.bincount(col[m], weights=w[m] * s[m] * d, minlength=len(insts))
        out[t] = S / np.maximum(W, min_weight)
    return out

def timed(f, reps=3):
    best = np.inf
    for _ in range(reps):
        t0 = time.perf_counter(); r = f(); best = min(best, time.perf_counter() - t0)
    return best, r

insts = ['UST_2Y', 'UST_5Y', 'UST_10Y', 'UST_30Y', 'TIPS', 'IG_CREDIT', 'HY_CREDIT', 'MUNI']
rows = []
docs, sc, R = stream(2500, 25_000, insts)
t_fast, tf = timed(lambda: text_factors(docs, sc, R, half_life=5))
t_ref, ref = timed(lambda: reference(docs, sc, R.index, insts, 5), reps=1)
diff = float(np.abs(tf['sentiment'].to_numpy() - ref).max())
rows.append(('text_factors, 10y x 8 inst, 25k docs', t_fast, t_ref, diff))
big_docs, big_sc, big_R = stream(7800, 250_000, insts, seed=1)
t_big, _ = timed(lambda: text_factors(big_docs, big_sc, big_R, half_life=5), reps=2)
rows.append(('text_factors, 30y x 8 inst, 250k docs', t_big, np.nan, np.nan))
sig = text_factors(big_docs, big_sc, big_R, half_life=5)['sentiment']
t_ic, _ = timed(lambda: information_coefficient(sig, big_R, horizons=(1, 5, 21)), reps=2)
rows.append(('information_coefficient, 30y, 3 horizons x 4 views', t_ic, np.nan, np.nan))
t_ev, _ = timed(lambda: event_ic(big_docs, big_sc, big_R, horizons=(1, 5, 21)), reps=2)
rows.append(('event_ic, 250k docs, 3 horizons', t_ev, np.nan, np.nan))

print(f"{'case':<52}{'fast (s)':>10}{'reference (s)':>15}{'speed-up':>10}{'max |diff|':>12}")
for name, f, r, d in rows:
    print(f"{name:<52}{f:>10.3f}{r:>15.3f}{r/f if r == r else float('nan'):>10.1f}{d:>12.2e}")
print(f"RESULT text_factors_s={rows[0][1]:.4f} reference_s={rows[0][2]:.3f} speedup={rows[0][2]/rows[0][1]:.1f} "
      f"max_abs_diff={rows[0][3]:.2e} big_text_factors_s={rows[1][1]:.3f} ic_s={rows[2][1]:.3f} event_ic_s={rows[3][1]:.3f}")
