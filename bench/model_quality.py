"""Quality of the shipped default adapter on real text, against the lexicon baseline, in one run.

Held-out sets (never trained on; see `fi_lora.encoder.recipe_eval_sets`):
- the held-out fifth of fi_lora's own bond-view labels (`fi_lora.labelled`): real tweets, FOMC sentences and
  authored items, read as a whole, by channel (rates, credit), the leverage up/down hard cases, unrelated
  text, and the channel;
- `twitter_financial_news_valid.csv`, equity view (the adapter's equity head);
- a fixed, stratified 20% of `fomc_hawkish_dovish_train.csv`, bond view (hawkish -> negative, dovish -> positive);
- the validation tweets the topic model is sure are issuer news, bond view (credit channel: the equity label's sign);
- `twitter_financial_news_topic_valid.csv`, channel (20 topics -> credit/rates/other).
Plus triplets on 40 hand-labelled sentences (`nbs/fixtures/triplets_fomc_hand.json`) and the original
system's two documented examples.

Goals (issue 28): labelled held out accuracy >= 0.90, rates >= 0.85, credit >= 0.85, leverage cases >= 0.85,
channel >= 0.90; tweets accuracy >= 0.88; FOMC weighted F1 >= 0.70; every set >= lexicon + 0.10; ECE <= 0.05;
triplets relaxed precision >= 0.85 and recall >= 0.80 (on the labelled held-out items).

Usage: python bench/model_quality.py [--model DIR]   (needs ../shared/data or $FI_LORA_DATA_DIR)
"""
import sys, json, time, argparse
from pathlib import Path
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
import numpy as np
import pandas as pd
from fi_lora.config import shared_data_dir, quiet_libraries
quiet_libraries()   # before the model libraries are imported
from fi_lora.schema import expected_calibration_error, LABELS
from fi_lora.encoder import EncoderLoRAModel, default_adapter_dir, recipe_eval_sets
from fi_lora.labelled import read_labelled
from fi_lora.inference import BaselineAnalyzer, EncoderAnalyzer
from fi_lora.evaluation import recipe_evaluation, triplet_evaluation

SEED_TEXTS = ("Federal Reserve signals potential rate cuts, bond yields decline across the curve. Treasury prices rally as "
              "investors anticipate accommodative monetary policy.",
              "The Federal Reserve raised interest rates by 25 basis points, causing bond yields to increase.")

def ece_noise_floor(model, s:dict, draws:int=1000, seed:int=0) -> tuple[int, float, float]:
    "ECE a perfectly calibrated model would show on this set: the adapter's own confidences, each answer right with that probability."
    conf = EncoderAnalyzer(model, view=s['view']).analyze(s['texts']).confidence.to_numpy()
    rng = np.random.default_rng(seed)
    e = [expected_calibration_error(conf, rng.random(len(conf)) < conf, 10) for _ in range(draws)]
    return len(conf), float(np.mean(e)), float(np.quantile(e, 0.9))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', default=None, help='adapter directory (default: the shipped default adapter)')
    a = ap.parse_args()
    path = Path(a.model) if a.model else default_adapter_dir()
    t0 = time.time()
    m = EncoderLoRAModel.load(path)
    sets = recipe_eval_sets(shared_data_dir())
    ev = recipe_evaluation(m, sets=sets)
    rows = [dict(set=name, **r) for name, rs in ev.items() for r in rs]
    table = pd.DataFrame(rows).set_index(['set', 'analyzer'])
    with pd.option_context('display.width', 200, 'display.float_format', '{:.4f}'.format):
        print(table.to_string())
    lab = sets['labelled held out (bond view)']
    print(f"\nconfusion matrices on {len(lab['texts'])} labelled held-out items, bond view (rows: fi_lora's label; columns: the reader's):")
    for who, an in (('adapter', EncoderAnalyzer(m)), ('lexicon', BaselineAnalyzer())):
        got = an.analyze(list(lab['texts'])).label
        cm = pd.crosstab(pd.Series(list(lab['labels']), name='label'), pd.Series(list(got), name=who)).reindex(
            index=LABELS, columns=LABELS, fill_value=0)
        print(cm.to_string(), '\n')
    fx = json.loads((REPO / 'nbs' / 'fixtures' / 'triplets_fomc_hand.json').read_text())['sentences']
    trips = triplet_evaluation({'adapter (BIO head)': EncoderAnalyzer(m), 'lexicon rules': BaselineAnalyzer()},
                               [s['text'] for s in fx], [[tuple(t) for t in s['triplets']] for s in fx])
    print(f"\ntriplets on {len(fx)} hand-labelled FOMC sentences ({sum(len(s['triplets']) for s in fx)} triplets):")
    print(trips.round(3).to_string())
    held = read_labelled(split='test')
    held = held[held.triplets.map(len) > 0]
    ltrips = triplet_evaluation({'adapter (BIO head)': EncoderAnalyzer(m), 'lexicon rules': BaselineAnalyzer()},
                                held.text.tolist(), [[tuple(t) for t in x] for x in held.triplets])
    print(f"\ntriplets on the labelled held-out items ({len(held)} texts, {held.triplets.map(len).sum()} triplets):")
    print(ltrips.round(3).to_string())
    seed = EncoderAnalyzer(m)
    print('\nthe original system\'s documented examples:')
    for t, r, tr in zip(SEED_TEXTS, seed.analyze(list(SEED_TEXTS)).to_dict('records'), seed.extract_triplets(list(SEED_TEXTS))):
        print(f"  {t[:70]}...\n    sentiment {r['sentiment']:+.2f} {r['label']} ({r['channel']}), relevance {r['relevance']:.2f}, "
              f"risk {r['risk_level']:.2f}, triplets {tr}")
    mb = sum(p.stat().st_size for p in path.glob('*.safetensors')) / 2**20
    dir_mb = sum(p.stat().st_size for p in path.iterdir() if p.is_file()) / 2**20
    get = lambda s, an, k: float(table.loc[(s, an), k])
    tw, fo, cr = 'tweets valid (equity view)', 'FOMC held out (bond view)', 'tweets valid, issuer news (bond view)'
    print('\nECE of a perfectly calibrated model on sets of these sizes (its own confidences, outcomes drawn from them, 10 bins, 1,000 draws):')
    floor = {}
    for name in (tw, fo):
        n, mean, p90 = floor[name] = ece_noise_floor(m, sets[name])
        print(f"  {name:28} n={n:5}  mean {mean:.3f}  90th percentile {p90:.3f}  (measured {get(name, 'adapter', 'ece'):.3f})")
    print(f"\nadapter weights {mb:.2f} MB (directory {dir_mb:.2f} MB); {time.time() - t0:.0f} s")
    lb, lr, lc, lh, lch = ('labelled held out (bond view)', 'labelled held out, rates', 'labelled held out, credit',
                           'labelled held out, leverage up/down', 'labelled held out (channel)')
    print(' '.join(['RESULT', f"tfns_acc={get(tw, 'adapter', 'accuracy'):.4f}", f"fomc_wf1={get(fo, 'adapter', 'weighted_f1'):.4f}",
                    f"labelled_acc={get(lb, 'adapter', 'accuracy'):.4f}", f"labelled_rates_acc={get(lr, 'adapter', 'accuracy'):.4f}",
                    f"labelled_credit_acc={get(lc, 'adapter', 'accuracy'):.4f}", f"hard_cases_acc={get(lh, 'adapter', 'accuracy'):.4f}",
                    f"labelled_channel_acc={get(lch, 'adapter', 'accuracy'):.4f}", f"lexicon_labelled_acc={get(lb, 'lexicon', 'accuracy'):.4f}",
                    f"triplet_relaxed_p={ltrips.loc['adapter (BIO head)', 'relaxed_precision']:.3f}",
                    f"triplet_relaxed_r={ltrips.loc['adapter (BIO head)', 'relaxed_recall']:.3f}",
                    f"default_base={m.base_model}",
                    f"lexicon_tfns_acc={get(tw, 'lexicon', 'accuracy'):.4f}", f"lexicon_fomc_wf1={get(fo, 'lexicon', 'weighted_f1'):.4f}",
                    f"ece={max(get(tw, 'adapter', 'ece'), get(fo, 'adapter', 'ece')):.4f}", f"adapter_mb={mb:.2f}",
                    f"fomc_ece={get(fo, 'adapter', 'ece'):.4f}", f"fomc_ece_perfect_mean={floor[fo][1]:.4f}",
                    f"fomc_acc={get(fo, 'adapter', 'accuracy'):.4f}", f"lexicon_fomc_acc={get(fo, 'lexicon', 'accuracy'):.4f}",
                    f"issuer_bond_acc={get(cr, 'adapter', 'accuracy'):.4f}", f"lexicon_issuer_bond_acc={get(cr, 'lexicon', 'accuracy'):.4f}",
                    f"triplet_relaxed_f1={trips.loc['adapter (BIO head)', 'relaxed_f1']:.3f}",
                    f"lexicon_triplet_relaxed_f1={trips.loc['lexicon rules', 'relaxed_f1']:.3f}"]))

if __name__ == '__main__': main()
