"""Walk-forward backtest speed on the full real Treasury curve.

1990–2025, 13 constant-maturity instruments (~8,900 days), weekly rebalancing with the cvxpy optimiser
(carry + roll-down forecasts, EWMA risk on a 252-day window, duration band 4–6y, 40% cap, 2 bp costs,
50% weekly turnover cap) against a duration-matched benchmark. Target: under 30 s.
Side by side: the same run with a simple policy (no optimiser), to show what the optimiser costs.
Ends with `RESULT seconds=... per_rebalance_ms=...`. Run from the repo root: `python bench/backtest_speed.py`.
"""
import sys, time, os
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np, pandas as pd
from fi_lora.market import MarketData
from fi_lora.optimization import PortfolioOptimizer
from fi_lora.backtesting import run_backtest, DurationMatched

if __name__ == '__main__':
    t0 = time.perf_counter()
    mkt = MarketData.from_treasury_csv()
    t_load = time.perf_counter() - t0
    R = mkt.returns
    carry = mkt.carry
    view = lambda ctx: carry.loc[ctx.date] * ctx.horizon / 252

    rows = []
    t0 = time.perf_counter()
    simple = run_backtest(R, policy=DurationMatched(5.0), rebalance='W', duration=mkt.duration, short_rate=mkt.short_rate,
                          costs_bps=2, warmup=252)
    rows.append(dict(run='duration-matched policy (no optimiser)', seconds=time.perf_counter() - t0,
                     rebalances=len(simple.decisions)))

    opt = PortfolioOptimizer(list(R.columns), risk_aversion=1, duration_band=(4, 6), upper=0.4, costs_bps=2,
                             turnover_limit=0.5, periods_per_year=52)
    t0, c0 = time.perf_counter(), time.process_time()
    res = run_backtest(R, optimizer=opt, rebalance='W', duration=mkt.duration, short_rate=mkt.short_rate, costs_bps=2,
                       benchmark=DurationMatched(5.0), policy_kw=dict(expected_returns=view, lookback=252, half_life=63))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(res.decisions)
    rows.append(dict(run='cvxpy optimiser + benchmark', seconds=secs, rebalances=n))
    df = pd.DataFrame(rows).set_index('run')
    df['per_rebalance_ms'] = df.seconds / df.rebalances * 1e3
    print(f"{R.shape[1]} instruments, {R.shape[0]} days {R.index[0].date()}→{R.index[-1].date()}, weekly rebalancing "
          f"(market load {t_load:.1f}s, not counted)\n")
    print(df.round(3).to_string())
    d = res.decisions.seconds * 1e3
    print(f"\noptimiser decisions: median {d.median():.2f} ms, p90 {d.quantile(.9):.2f} ms (incl. risk estimate); "
          f"failed: {int((~res.decisions.ok).sum())}; optimiser solves: {opt.n_solves}")
    s = res.summary()
    print(f"strategy: ann. return {s.ann_return:.2%}, vol {s.ann_vol:.2%}, Sharpe {s.sharpe:.2f}, IR {s.information_ratio:.2f}")
    print(f"target: < 30 s wall ({'ok' if secs < 30 else 'FAIL'}); CPU time {cpu:.2f} s; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"RESULT seconds={secs:.2f} per_rebalance_ms={secs / n * 1e3:.2f} cpu_seconds={cpu:.2f}")
