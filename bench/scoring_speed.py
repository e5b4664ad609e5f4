"""Scoring speed of the default encoder on the FOMC sentences: the path before issue 32 against today's, side by side.

Run from the repo root: `python bench/scoring_speed.py [--releases-every 8] [--all]`.

The sentences are the ones `fi-lora run` scores: the embedded FOMC releases split as `analyze_documents`
splits them (every `--releases-every`-th release, in date order, so repeats across releases stay as
common as in the whole set; `--all` for all 21,650). Both paths load the shipped default adapter and read
with the bf16 graph `predict` picks on this machine (int8 agrees with it on only ~89% of labels, so the
graph is not changed):

* before: every sentence scored (repeats too), batches of 64, `nn.Linear` layers as they are;
* now (cold): `EncoderAnalyzer.analyze` with an empty score cache: each distinct sentence once, batches of
  up to 256 (8,192 padded tokens, cut before padding passes 10%: `inference_batches`), linears packed for
  oneDNN once (`pack_linears`), threads from the cores this process may use;
* now (warm): the same call once more: every row from the persistent cache.

Agreement: labels of `now` equal to `before` on the sentences, and on the 811 held-out labelled items
(accuracy of both against the labels: `fi_lora.labelled`, needs the shared data files).

The limit: FLOPs per token of the encoder (6 layers: 4·h² attention projections + 2·h·i feed-forward
multiply-adds, plus 2·L·h for the attention of a token in a batch padded to L, times 2 FLOPs each; LoRA is
merged into the weights, the heads are negligible) times the padded tokens each path actually computes,
against (a) the CPU's nominal peak for the dtype: cores × clock × FLOPs/cycle from the instruction sets
found in /proc/cpuinfo (FMA pipes × vector lanes × 2; AVX-512 on AMD Zen 4 runs as two 256-bit halves;
avx512_bf16 doubles the fp32 rate, VNNI quadruples it for int8), and (b) the rate a large bf16 matmul
reaches on this machine now (the practical ceiling, load included; per CPU-second × threads, like the paths' rates).
Each path runs twice, in the order before, now, now, before (each `now` with an empty cache; drift in the
machine's load cancels), and the two times are averaged. Timings are wall seconds and this process's CPU seconds (on a loaded machine the CPU-time rate,
sentences per CPU-second × cores, is the steadier estimate of an idle machine).

Ends with `RESULT sentences_per_s=... speedup=... agreement=... limit_fraction=... ...`.
"""
import argparse, os, sys, tempfile, time, warnings, logging
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')
os.environ['FI_LORA_CACHE'] = tempfile.mkdtemp(prefix='fi_lora_bench_cache_')    # an empty cache: the cold run is cold
import numpy as np, pandas as pd, torch
logging.getLogger('transformers').setLevel(logging.ERROR)


def fomc_sentences(every:int) -> list[str]:
    "The sentences `analyze_documents` scores for every `every`-th embedded FOMC release, in order."
    from fi_lora.factors import load_fomc
    from fi_lora.text import clean_text, sentence_spans
    out = []
    for x in load_fomc(None)['text'].iloc[::every]:
        t, _ = clean_text(x)
        if t is not None: out += [t[a:b] for a, b in (sentence_spans(t, 3) or [(0, len(t))])]
    return out


def cpu_peak() -> dict:
    "Nominal GFLOP/s of this process's cores for fp32, bf16 and int8, from /proc/cpuinfo."
    info = Path('/proc/cpuinfo').read_text() if Path('/proc/cpuinfo').exists() else ''
    first = info.split('\n\n')[0]
    get = lambda k: next((l.split(':', 1)[1].strip() for l in first.splitlines() if l.startswith(k)), '')
    flags, amd = set(get('flags').split()), get('vendor_id') == 'AuthenticAMD'
    lanes = 16 if 'avx512f' in flags and not amd else 8 if 'avx2' in flags else 4     # fp32 lanes per FMA pipe
    fp32 = 2 * 2 * lanes if 'fma' in flags else lanes * 2                           # 2 FMA pipes × lanes × 2 FLOPs
    cores, ghz = len(os.sched_getaffinity(0)), float(get('cpu MHz') or 2000) / 1000
    bf16 = fp32 * (2 if 'avx512_bf16' in flags else 1)
    int8 = fp32 * (4 if {'avx512_vnni', 'avx_vnni'} & flags else 2)
    sets = [f for f in ('avx2', 'fma', 'avx512f', 'avx512_bf16', 'avx512_vnni', 'avx_vnni', 'amx_tile') if f in flags]
    return dict(cores=cores, ghz=ghz, sets=sets, model=get('model name'),
                **{k: cores * ghz * v for k, v in dict(fp32=fp32, bf16=bf16, int8=int8).items()})


def gemm_rate(seconds:float=3.0) -> float:
    "GFLOP per CPU-second × cores a (2048×384)·(384×1536) bf16 matmul reaches here now, oneDNN-packed as the new path runs it."
    from fi_lora.encoder_model import PackedLinear
    lin = PackedLinear(torch.nn.Linear(384, 1536).to(torch.bfloat16)); x = torch.randn(2048, 384, dtype=torch.bfloat16)
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    with torch.inference_mode():
        while time.perf_counter() - t0 < seconds: lin(x); n += 1
    return n * 2 * 2048 * 384 * 1536 / (time.process_time() - c0) * torch.get_num_threads() / 1e9


def old_batches(lens, batch_size, max_tokens):
    "How `predict` batched before: sorted by length, cut at `batch_size` texts or `max_tokens` padded tokens."
    from fi_lora.encoder_parts import length_batches
    return length_batches(lens, batch_size, shuffle=False, max_tokens=max_tokens)


def work(model, texts:list[str], batch_size:int, batcher) -> tuple[float, int, int]:
    "(GFLOP, padded tokens, real tokens) the encoder computes for `texts` in the batches `batcher` makes."
    from fi_lora.encoder_parts import encode_examples
    from fi_lora.encoder_model import INFER_TOKENS_PER_TEXT, inference_batches
    cfg = model._fast_model(model._fast_kind(True)).config
    h, i, layers = cfg.hidden_size, cfg.intermediate_size, cfg.num_hidden_layers
    lens = [len(e['ids']) for e in encode_examples(model.tokenizer, texts, None, model.max_length)]
    macs, padded = 0, 0
    for b in batcher(lens, batch_size, batch_size * INFER_TOKENS_PER_TEXT):
        L = max(lens[j] for j in b); tok = L * len(b); padded += tok
        macs += layers * tok * (4 * h * h + 2 * h * i + 2 * L * h)
    return 2 * macs / 1e9, padded, sum(lens)


def timed(f):
    t, c = time.perf_counter(), time.process_time()
    r = f()
    return r, time.perf_counter() - t, time.process_time() - c


def heldout():
    "(texts, labels) of the held-out labelled items, or None without the shared data."
    try:
        from fi_lora.labelled import read_labelled
        df = read_labelled(split='test')
        return df['text'].tolist(), df['label'].tolist()
    except Exception as e:
        print(f"(held-out accuracy skipped: {type(e).__name__}: {e})"); return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--releases-every', type=int, default=8, help='score every N-th FOMC release (default 8)')
    ap.add_argument('--all', action='store_true', help='every release (21,650 sentences)')
    a = ap.parse_args()
    from fi_lora.config import FILoRAConfig
    from fi_lora.encoder import EncoderLoRAModel, default_adapter_dir
    from fi_lora.encoder_model import inference_threads, inference_batches
    from fi_lora.inference import EncoderAnalyzer
    texts = fomc_sentences(1 if a.all else a.releases_every)
    path = default_adapter_dir()
    cfg_off, cfg_on = FILoRAConfig(SCORE_CACHE=False), FILoRAConfig()
    old = EncoderAnalyzer(EncoderLoRAModel.load(path), cfg_off, batch_size=64)
    old.model._fast['bf16'] = old.model._fast_model('bf16', pack=False)        # the graph as it was: plain linears
    new = EncoderAnalyzer(EncoderLoRAModel.load(path), cfg_on)
    kind = new.model._fast_kind(True); threads = inference_threads()
    for an in (old, new): an.model.predict(texts[:64], batch_size=64)         # graphs built, caches warm
    def before(an=old, ts=texts):
        cleaned, _, ok, _ = an._prepare(ts, warn=False)                       # the old `_rows`: every text, no dedupe
        return pd.DataFrame(an._predict_safe([cleaned[i] for i in ok]))
    def cold():                                                               # a fresh, empty score cache
        os.environ['FI_LORA_CACHE'] = tempfile.mkdtemp(prefix='fi_lora_bench_cache_')
        return new.analyze(texts)
    (r_old, w1, c1), (r_new, w2, c2), (_, w3, c3), (_, w4, c4) = timed(before), timed(cold), timed(cold), timed(before)   # ABBA: drift in load cancels
    w_old, c_old, w_new, c_new = (w1 + w4) / 2, (c1 + c4) / 2, (w2 + w3) / 2, (c2 + c3) / 2
    r_warm, w_warm, c_warm = timed(lambda: new.analyze(texts))
    distinct = len(set(texts))
    g_old, pad_old, real = work(old.model, texts, 64, old_batches)
    g_new, pad_new, _ = work(new.model, list(dict.fromkeys(texts)), new.batch_size, inference_batches)
    peak, gemm = cpu_peak(), gemm_rate()
    agree = float((r_new['label'].values == r_old['label'].values).mean())
    warm_same = bool((r_warm['label'].values == r_new['label'].values).all() and np.allclose(r_warm['sentiment'], r_new['sentiment']))
    rows = []
    for name, w, c, g, pad, scored in [('before: all sentences, batch 64, plain linears', w_old, c_old, g_old, pad_old, len(texts)),
                                       (f'now, cold: distinct only, batch {new.batch_size}, packed', w_new, c_new, g_new, pad_new, distinct),
                                       ('now, warm: from the score cache', w_warm, c_warm, 0.0, 0, 0)]:
        rows.append({'path': name, 'scored': scored, 'padded tokens': pad, 'wall s': w, 'cpu s': c,
                     'sentences/s': len(texts) / w, 'sent/cpu-s × cores': len(texts) / c * threads if c else np.nan,
                     'GFLOP/s (cpu)': g / c * threads if c and g else np.nan})
    tab = pd.DataFrame(rows).set_index('path')
    print(f"{len(texts):,} FOMC sentences ({distinct:,} distinct, {1 - distinct / len(texts):.0%} repeats; {real:,} real tokens) "
          f"from every {1 if a.all else a.releases_every}th release; graph {kind}, {threads} threads; load average {os.getloadavg()[0]:.1f}")
    print(f"CPU: {peak['model']}, {peak['cores']} cores usable at {peak['ghz']:.2f} GHz, {' '.join(peak['sets'])}; nominal peak "
          f"fp32 {peak['fp32']:,.0f}, bf16 {peak['bf16']:,.0f}, int8 {peak['int8']:,.0f} GFLOP/s; a large bf16 matmul reaches {gemm:,.0f} GFLOP/s now")
    print(f"encoder work: {g_new / max(pad_new, 1) * 1e3:,.1f} MFLOP per padded token (now), {g_old:,.0f} GFLOP before, {g_new:,.0f} GFLOP now\n")
    with pd.option_context('display.float_format', '{:,.1f}'.format, 'display.width', 200): print(tab.to_string())
    ho = heldout()
    acc = {}
    if ho:
        ht, hl = ho
        ho_old = before(old, ht); ho_new = new.analyze(ht)
        acc = dict(heldout_acc_before=float((ho_old['label'].values == np.array(hl)).mean()),
                   heldout_acc_now=float((ho_new['label'].values == np.array(hl)).mean()),
                   heldout_agreement=float((ho_old['label'].values == ho_new['label'].values).mean()))
        print(f"\nheld-out ({len(ht)} items): accuracy before {acc['heldout_acc_before']:.4f}, now {acc['heldout_acc_now']:.4f}; "
              f"labels equal {acc['heldout_agreement']:.2%}")
    speed, speed_cpu = w_old / w_new, (c_old / c_new if c_new else float('nan'))
    frac = g_new / c_new * threads / peak[kind] if c_new else float('nan')
    print(f"\nlabels equal on the FOMC sentences: {agree:.2%} (goal >= 99.5%); warm run equal to cold: {warm_same}")
    print(f"speed-up {speed:.2f}x wall, {speed_cpu:.2f}x CPU time (goal >= 3x); now at {frac:.1%} of the nominal {kind} peak, "
          f"{g_new / c_new * threads / gemm:.0%} of the large-matmul rate")
    print(f"RESULT sentences_per_s={len(texts) / w_new:.1f} speedup={speed:.2f} speedup_cpu={speed_cpu:.2f} agreement={agree:.4f} "
          f"limit_fraction={frac:.3f} warm_sentences_per_s={len(texts) / w_warm:.0f} "
          + ' '.join(f"{k}={v:.4f}" for k, v in acc.items()))


if __name__ == '__main__':
    main()
