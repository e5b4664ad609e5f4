"""Speed of the analyzers, side by side in one run.

Run from the repository root: `python bench/analyzer_speed.py [--threads N]` (default: every core
torch would use, as an analyzer does in a user's process).

* baseline: texts/s of `BaselineAnalyzer.analyze` on the real finance tweets in
  ../shared/data/twitter_financial_news_valid.csv (or $FI_LORA_DATA_DIR; synthetic headlines if absent).
* encoder: `EncoderAnalyzer` batched (batch 64) vs one text per call, same texts, same model, at the
  default thread count; the same pair is also measured at one thread, for comparison (one short text
  cannot keep several cores busy, a batch can — part of what batching buys on a multi-core CPU).
  Each is measured in `--rounds` back-to-back (batched, one-at-a-time) pairs; times are medians and
  the speed-up is the median of the per-round ratios, its range printed beside it.
  This is done for the graph `predict` uses by default (bf16 on a CPU with native bf16, else int8;
  `encoder_batch_ratio` in the RESULT line) and, when that is not int8, for the int8 graph too.
  The model is `fi_lora.encoder`'s EncoderLoRAModel: its trained default adapter if present, else a
  fresh one (the forward passes are the same).
* generative: `GenerativeAnalyzer` on the tiny model (tiny-gpt-oss from fi_lora.training),
  schema-constrained greedy generation, batch 16 vs one text per call; tokens/s counts generated
  tokens (including the stop token) per wall second, batched.

Ends with `RESULT encoder_batch_ratio=... baseline_texts_per_s=... generative_batch_ratio=... generative_tok_s=...`.
"""
import sys, time, argparse, logging, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')
logging.getLogger('fi_lora').setLevel(logging.ERROR)
logging.getLogger('transformers').setLevel(logging.ERROR)

import numpy as np, pandas as pd, torch
from fi_lora.config import shared_data_dir, FILoRAConfig
from fi_lora.inference import BaselineAnalyzer, EncoderAnalyzer, GenerativeAnalyzer, SEED_EXAMPLES

def texts_for_bench(n):
    d = shared_data_dir(required=False)
    p = d/'twitter_financial_news_valid.csv' if d else None
    if p is not None and p.is_file():
        t = pd.read_csv(p).text.astype(str).tolist(); src = f'{p.name} ({len(t)} tweets)'
    else:
        t = list(SEED_EXAMPLES) + ['Credit spreads tightened 10 bp', 'CPI came in hotter than expected']; src = 'synthetic headlines'
    return (t * (n // len(t) + 1))[:n], src

def encoder_model():
    from fi_lora.encoder import EncoderLoRAModel, default_adapter_dir
    if default_adapter_dir().exists(): return EncoderLoRAModel.load(default_adapter_dir()), 'fi_lora.encoder (trained default adapter)'
    return EncoderLoRAModel.create(FILoRAConfig()), 'fi_lora.encoder EncoderLoRAModel.create() (untrained: same forward passes)'

def tiny_generative():
    from fi_lora.training import build_tiny_gpt_oss
    from transformers import AutoModelForCausalLM, AutoTokenizer
    d = build_tiny_gpt_oss()
    return AutoModelForCausalLM.from_pretrained(d).eval(), AutoTokenizer.from_pretrained(d), 'tiny-gpt-oss'

def timed(fn):
    t0 = time.perf_counter(); out = fn(); return time.perf_counter() - t0, out

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--threads', type=int, default=torch.get_num_threads())
    ap.add_argument('--n-baseline', type=int, default=20000); ap.add_argument('--n-encoder', type=int, default=512)
    ap.add_argument('--n-generative', type=int, default=32)
    ap.add_argument('--rounds', type=int, default=3, help='encoder: batched/single pairs per thread count (medians reported)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rows = []
    # baseline
    texts, src = texts_for_bench(a.n_baseline)
    base = BaselineAnalyzer(); base.analyze(texts[:200])
    t, _ = timed(lambda: base.analyze(texts)); bl_rate = len(texts) / t
    t3, _ = timed(lambda: base.extract_triplets(texts))
    rows.append(('baseline', 'analyze (sentiment, relevance, risk)', len(texts), t, f'{bl_rate:,.0f} texts/s'))
    rows.append(('baseline', 'extract_triplets', len(texts), t3, f'{len(texts)/t3:,.0f} texts/s'))
    # encoder
    enc_texts, _ = texts_for_bench(a.n_encoder)
    model, enc_src = encoder_model()
    graphs = {model._fast_kind(True): {}}   # the default graph; int8 beside it when that is not the default
    if 'int8' not in graphs: graphs['int8'] = dict(fast='int8')
    enc, spread = {}, {}
    for g, kw in graphs.items():
        batched, single = EncoderAnalyzer(model, batch_size=64, **kw), EncoderAnalyzer(model, batch_size=64, **kw)
        batched.analyze(enc_texts[:64]); single.analyze(enc_texts[:1])
        for nt in dict.fromkeys([a.threads, 1]):
            torch.set_num_threads(nt)
            tb, ts = [], []
            for _ in range(a.rounds):            # back-to-back pairs: a noisy neighbour hits both sides of a ratio
                tb.append(timed(lambda: batched.analyze(enc_texts))[0])
                ts.append(timed(lambda: [single.analyze([x]) for x in enc_texts])[0])
            ratios = np.array(ts) / np.array(tb)
            enc[g, nt], spread[g, nt] = float(np.median(ratios)), (ratios.min(), ratios.max())
            tb, ts = float(np.median(tb)), float(np.median(ts))
            rows.append((f'encoder {g}', f'batched (64 per forward), {nt} thread(s)', len(enc_texts), tb, f'{len(enc_texts)/tb:,.0f} texts/s'))
            rows.append((f'encoder {g}', f'one text per call, {nt} thread(s)', len(enc_texts), ts, f'{len(enc_texts)/ts:,.0f} texts/s'))
    torch.set_num_threads(a.threads)
    g0 = next(iter(graphs)); enc_ratio = enc[g0, a.threads]
    # generative
    gm, gt, gsrc = tiny_generative()
    gen_texts, _ = texts_for_bench(a.n_generative)
    gen_texts = [f'{x} (#{i})' for i, x in enumerate(gen_texts)]      # distinct texts: no cache hits
    gb = GenerativeAnalyzer(gm, tokenizer=gt, batch_size=16)
    gs = GenerativeAnalyzer(gm, tokenizer=gt, batch_size=1)
    gb.generate(gen_texts[:4])                                         # warm the grammar's mask cache
    gs.generate(gen_texts[:1])
    tgb, outs = timed(lambda: gb.generate(gen_texts)); stats_b = dict(gb.last_stats)
    tgs, _ = timed(lambda: gs.generate(gen_texts)); stats_s = dict(gs.last_stats)
    parse_rate = sum(not isinstance(o, Exception) for o in outs) / len(outs)
    gen_ratio = tgs / tgb
    rows.append(('generative', 'batched (16 per generate)', len(gen_texts), tgb, f"{stats_b['tokens_per_s']:,.0f} tok/s, parse rate {parse_rate:.0%}"))
    rows.append(('generative', 'one text per generate', len(gen_texts), tgs, f"{stats_s['tokens_per_s']:,.0f} tok/s"))
    print(f"threads={a.threads}; baseline texts: {src}; encoder: {enc_src}; generative: {gsrc}")
    df = pd.DataFrame(rows, columns=['analyzer', 'mode', 'texts', 'seconds', 'throughput'])
    print(df.to_string(index=False, float_format=lambda x: f'{x:.3f}'))
    print(f"encoder seconds: median of {a.rounds} rounds; speed-up (median of per-round ratios, range):")
    for (g, nt), r in enc.items(): print(f"  {g} graph, {nt} thread(s): {r:.2f}x ({spread[g, nt][0]:.2f}-{spread[g, nt][1]:.2f})")
    print(f"generative batched/sequential speed-up: {gen_ratio:.1f}x")
    extra = ' '.join(f"encoder_batch_ratio_{g}={enc[g, a.threads]:.2f}" for g in graphs if g != g0)
    print(f"RESULT encoder_batch_ratio={enc_ratio:.2f} baseline_texts_per_s={bl_rate:.0f} "
          f"generative_batch_ratio={gen_ratio:.2f} generative_tok_s={stats_b['tokens_per_s']:.0f} "
          f"threads={a.threads} encoder_graph={g0} encoder_batch_ratio_1thread={enc[g0, 1]:.2f} {extra}".rstrip())

if __name__ == '__main__': main()
