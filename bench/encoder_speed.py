"""Encoder LoRA speed on this machine: one training epoch over 20,000 examples and inference over
10,000 texts, `fi_lora.encoder` against a plain loop, in the same run.

Plain loop (the reference in issue 6): all-MiniLM-L6-v2 in fp32 with its default dropout, peft LoRA
on query/key/value/dense (peft's input dropout), a 3-class head on mean-pooled tokens, batch 32 in
random order, each batch padded to its longest text (max 128 word pieces); inference the same
model in fp32 under `no_grad`, batch 32, texts in the given order.

Ours: `EncoderLoRAModel` — tokenise once, length-bucketed batches, max 96 word pieces, frozen base in
bf16 under autocast, LoRA on all linear layers with bottleneck dropout, all four heads; inference
through the merged inference graph `predict` picks by default (bf16 on a CPU with native bf16, else int8),
texts sorted by length; the int8 graph is timed beside it. Ours is timed in full (20,000 examples,
10,000 texts, model build and tokenisation included). The plain loop is timed on `--plain-steps`
batches and `--plain-texts` texts (random sample) and scaled to the full sizes, because running it
in full would double the benchmark's time on a shared 2-core machine; the scaling is printed.

Usage: python bench/encoder_speed.py [--plain-steps 60] [--plain-texts 2000] [--n-train 20000] [--n-infer 10000]
"""
import sys, os, time, argparse, math, random
from pathlib import Path
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np, pandas as pd, torch, torch.nn as nn, torch.nn.functional as F
from fi_lora.config import FILoRAConfig, shared_data_dir
from fi_lora.schema import make_label
import fi_lora.corpus as fdata
from fi_lora.encoder import EncoderLoRAModel, minilm_path, MINILM_SHA256


def corpus(n:int, seed:int=0):
    "n labelled texts: the synthetic corpus (`fi_lora.corpus`) + the real tweets, repeated if needed."
    d = shared_data_dir()
    tw = pd.concat([pd.read_csv(d/'twitter_financial_news_train.csv'), pd.read_csv(d/'twitter_financial_news_valid.csv')])
    texts = tw.text.astype(str).tolist(); labels = [make_label(label=l, view='equity', split='train') for l in tw.label]
    src = 'tweets'
    if hasattr(fdata, 'FinancialTrainingDataGenerator'):
        st, sl = fdata.FinancialTrainingDataGenerator().generate_all(max(0, n - len(texts)), seed=seed)
        texts += st; labels += [{**l, 'split': 'train'} for l in sl]; src = 'tweets + synthetic corpus'
    while len(texts) < n: texts += texts[:n - len(texts)]; labels += labels[:n - len(labels)]
    rng = random.Random(seed); idx = list(range(len(texts))); rng.shuffle(idx); idx = idx[:n]
    return [texts[i] for i in idx], [labels[i] for i in idx], src


class PlainModel(nn.Module):
    def __init__(self, r=16, alpha=32, dropout=0.05):
        super().__init__()
        from transformers import AutoModel
        from peft import LoraConfig, get_peft_model
        base = AutoModel.from_pretrained(str(minilm_path()), local_files_only=True)
        self.enc = get_peft_model(base, LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout,
                                                   target_modules=['query', 'key', 'value', 'dense']))
        self.head = nn.Linear(base.config.hidden_size, 3)
    def forward(self, ids, am):
        h = self.enc(input_ids=ids, attention_mask=am).last_hidden_state
        m = am.unsqueeze(-1).float()
        return self.head((h * m).sum(1) / m.sum(1))


def plain_train(texts, labels, tok, steps, bs=32, seed=0):
    torch.manual_seed(seed)
    m = PlainModel(); m.train()
    opt = torch.optim.AdamW([p for p in m.parameters() if p.requires_grad], lr=2e-4)
    y = torch.tensor([('negative', 'neutral', 'positive').index(l['label']) for l in labels])
    order = np.random.default_rng(seed).permutation(len(texts))
    def step(k):
        b = order[k*bs:(k+1)*bs]
        enc = tok([texts[i] for i in b], padding=True, truncation=True, max_length=128, return_tensors='pt')
        loss = F.cross_entropy(m(enc['input_ids'], enc['attention_mask']), y[b])
        loss.backward(); opt.step(); opt.zero_grad()
    step(0)                                             # warm-up, not timed
    t = time.perf_counter()
    for k in range(1, steps + 1): step(k)
    return (time.perf_counter() - t) / steps


def plain_infer(texts, tok, bs=32):
    m = PlainModel(); m.eval()
    t = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(texts), bs):
            enc = tok(texts[i:i+bs], padding=True, truncation=True, max_length=128, return_tensors='pt')
            m(enc['input_ids'], enc['attention_mask'])
    return (time.perf_counter() - t) / len(texts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n-train', type=int, default=20_000); ap.add_argument('--n-infer', type=int, default=10_000)
    ap.add_argument('--plain-steps', type=int, default=60); ap.add_argument('--plain-texts', type=int, default=2000)
    a = ap.parse_args()
    from transformers import AutoTokenizer
    load = os.getloadavg()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, cpus {os.cpu_count()}, "
          f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    texts, labels, src = corpus(a.n_train + 500)
    tr_t, tr_l = texts[:a.n_train], labels[:a.n_train]
    va_t, va_l = texts[a.n_train:], [{**l, 'split': 'validation'} for l in labels[a.n_train:]]
    inf_t = texts[:a.n_infer]
    tok = AutoTokenizer.from_pretrained(str(minilm_path()), local_files_only=True)
    lens = np.array([len(x) for x in tok(tr_t)['input_ids']])
    print(f"corpus: {src}; {a.n_train} training examples, word pieces median {np.median(lens):.0f}, "
          f"p90 {np.percentile(lens, 90):.0f}, max {lens.max()}")

    # --- ours: one full epoch, tokenisation and model creation included
    cfg = FILoRAConfig(LORA_R=16, LORA_ALPHA=32, LORA_DROPOUT=0.05, NUM_EPOCHS=1, BATCH_SIZE=32,
                       GRADIENT_ACCUMULATION_STEPS=1, WARMUP_STEPS=100, LEARNING_RATE=5e-4, SEED=0)
    t = time.perf_counter()
    m = EncoderLoRAModel.create(cfg)
    m.fit(tr_t + va_t, tr_l + va_l, progress=False)
    fit_total = time.perf_counter() - t
    ours_epoch = fit_total - m.metrics.get('calibrate_seconds', 0.0)
    steps = m.metrics['train_steps']
    # --- ours: inference over n_infer texts, cold (merged graph rebuilt), default graph and int8
    kind = m._fast_kind(True); m._fast = {}
    t = time.perf_counter(); pred = m.predict(inf_t); ours_infer = time.perf_counter() - t
    m._fast = {}
    t = time.perf_counter(); pred8 = m.predict(inf_t, fast='int8'); int8_infer = time.perf_counter() - t
    ref = m.predict(inf_t[:1000], fast=False)
    agree = {g: float((ref.label.values == p.label.values[:1000]).mean()) for g, p in ((kind, pred), ('int8', pred8))}

    # --- plain loop, timed on a sample and scaled
    plain_step = plain_train(tr_t, tr_l, tok, a.plain_steps)
    plain_epoch = plain_step * math.ceil(a.n_train / 32)
    sample = random.Random(1).sample(inf_t, min(a.plain_texts, len(inf_t)))
    plain_per_text = plain_infer(sample, tok)
    plain_inf = plain_per_text * a.n_infer

    rows = [dict(task=f'train epoch ({a.n_train:,} ex.)', plain_s=plain_epoch, ours_s=ours_epoch,
                 ratio=plain_epoch / ours_epoch, note=f'plain: {a.plain_steps} steps × {plain_step:.3f}s scaled to '
                 f'{math.ceil(a.n_train / 32)}; ours: {steps} steps, full run incl. tokenising'),
            dict(task=f'inference ({a.n_infer:,} texts)', plain_s=plain_inf, ours_s=ours_infer, ratio=plain_inf / ours_infer,
                 note=f'plain: {len(sample)} texts scaled ({1/plain_per_text:.0f} texts/s); ours: {a.n_infer/ours_infer:.0f} texts/s, '
                      f'{kind} graph, incl. merge'),
            dict(task=f'inference, int8 graph ({a.n_infer:,} texts)', plain_s=plain_inf, ours_s=int8_infer,
                 ratio=plain_inf / int8_infer, note=f'{a.n_infer/int8_infer:.0f} texts/s, incl. merge + int8 build')]
    pd.set_option('display.width', 200); pd.set_option('display.max_colwidth', 120)
    print(pd.DataFrame(rows).round(2).to_string(index=False))
    print(f"label agreement with the training graph on {len(ref):,} texts: " + ', '.join(f'{g} {v:.3f}' for g, v in agree.items()))
    print(f"targets: epoch < 300 s -> {'met' if ours_epoch < 300 else 'NOT met'}; 10k inference < 60 s -> "
          f"{'met' if ours_infer < 60 else 'NOT met'}")
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"RESULT train_epoch_s={ours_epoch:.1f} infer_10k_s={ours_infer * 10_000 / a.n_infer:.1f} "
          f"train_ratio={plain_epoch / ours_epoch:.2f} infer_ratio={plain_inf / ours_infer:.2f} "
          f"graph={kind} infer_10k_int8_s={int8_infer * 10_000 / a.n_infer:.1f}")


if __name__ == '__main__':
    main()
