"""Speed of the market-data path on the real 1990–2025 Treasury curve.

Run from the repository root: `python bench/market_speed.py`. Reads ../shared/data/treasury_par_yields.csv
(or $FI_LORA_DATA_DIR) when it is there, else a CSV written from the embedded curve; also times reading the embedded snapshot. Each step is timed `REPS` times; the table shows the best and the median.
Ends with `RESULT load_s=... returns_s=...` (median seconds) for the two targets (< 1 s each).
"""
import sys, time, statistics, logging
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
logging.getLogger('fi_lora.market').setLevel(logging.ERROR)   # the loader's data-quality summary is not news here

from fi_lora.config import shared_data_dir
from fi_lora import market as M
from fi_lora.simulation import synthetic_market

REPS = 7

def timeit(fn):
    ts, out = [], None
    for _ in range(REPS):
        t0 = time.perf_counter(); out = fn(); ts.append(time.perf_counter() - t0)
    return min(ts), statistics.median(ts), out

def main():
    d = shared_data_dir(required=False)
    path = d/'treasury_par_yields.csv' if d is not None else None
    if path is None or not path.is_file():
        import tempfile; path = Path(tempfile.mkdtemp())/'treasury_par_yields.csv'; M.load_treasury_csv(clean=False).to_csv(path)
    rows = []
    b, m, y = timeit(lambda: M.load_treasury_csv(path)); rows.append(('load_treasury_csv (clean + checks)', b, m)); load_s = m
    b, m, _ = timeit(lambda: M.load_treasury_csv(path, clean=False)); rows.append(('load_treasury_csv(clean=False)', b, m))
    b, m, _ = timeit(lambda: M.load_treasury_csv()); rows.append(('load_treasury_csv() (embedded snapshot, clean + checks)', b, m))
    b, m, r = timeit(lambda: M.constant_maturity_returns(y)); rows.append((f'constant_maturity_returns log ({y.shape[1]} tenors × {len(y)} days)', b, m)); returns_s = m
    for meth in ('swinkels', 'exact'):
        b, m, _ = timeit(lambda: M.constant_maturity_returns(y, method=meth)); rows.append((f'constant_maturity_returns {meth}', b, m))
    b, m, _ = timeit(lambda: M.fill_curve(y)); rows.append(('fill_curve (PCHIP per day)', b, m))
    b, m, _ = timeit(lambda: M.curve_factors(y)); rows.append(('curve_factors (Nelson–Siegel, all days)', b, m))
    b, m, _ = timeit(lambda: M.MarketData.from_treasury_csv(path)); rows.append(('MarketData.from_treasury_csv (all analytics)', b, m))
    b, m, syn = timeit(lambda: synthetic_market()); rows.append((f'simulation.synthetic_market ({len(syn.instruments)} instr, 1990–2025)', b, m))
    w = max(len(r[0]) for r in rows)
    print(f"{'step':<{w}}  {'best s':>8}  {'median s':>8}")
    for name, b, m in rows: print(f"{name:<{w}}  {b:8.4f}  {m:8.4f}")
    e_log, e_sw = M.repricing_error_bp(y, 'log'), M.repricing_error_bp(y, 'swinkels')
    print("\nerror vs exact repricing of a semi-annual par bond, bp/day (real curve 1990–2025):")
    print("refined (default, method='log'):"); print(e_log.round(4).to_string())
    print("Swinkels additive (method='swinkels'):"); print(e_sw.round(4).to_string())
    print(f"\nRESULT load_s={load_s:.4f} returns_s={returns_s:.4f} max_err_bp={e_log.loc['max_bp'].max():.4f} "
          f"p99_err_bp={e_log.loc['p99_bp'].max():.5f} swinkels_max_err_bp={e_sw.loc['max_bp'].max():.4f}")

if __name__ == '__main__': main()
