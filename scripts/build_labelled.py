"""Build the labelled bond-view files in `fi_lora/resources/labelled/` (see `nbs/01e_labelled.ipynb`).

    python scripts/build_labelled.py sample   --work DIR [--data ../shared/data]   # 1. draw the real texts to label
    python scripts/build_labelled.py conflicts --work DIR                           # 3. list what the two readings disagree on
    python scripts/build_labelled.py assemble --work DIR [--out fi_lora/resources/labelled]   # 5. write the files

A later round grows the files without touching a labelled row (second round, 2026-12-07):

    python scripts/build_labelled.py sample-more --work DIR2 [--data ../shared/data]   # 1. draw 600 more FOMC sentences and 600 macro tweets
    python scripts/build_labelled.py conflicts --work DIR2                            # 3. as above
    python scripts/build_labelled.py append --work DIR2 [--out fi_lora/resources/labelled]  # 5. append the new rows

The steps in between are reading, not code (PROTOCOL.md beside the files):
2. two annotators label every file of `DIR/items/` independently into `DIR/labels/A/` and `DIR/labels/B/`
   (one JSON line per item: id, s, c, t, r, x); authored items are written with their labels into
   `DIR/authored/*.jsonl` and read a second time, blind, into `DIR/authored_B/*.jsonl`;
4. a third reading settles every item in `DIR/conflicts.jsonl` (both readings in view) into `DIR/reconciled.jsonl`.

`sample` draws tweets by topic from the two topic files (every `Fed | Central Banks` and
`Treasuries | Corporate Debt` tweet, fixed samples of the others, duplicates removed) and 600 distinct
sentences of the embedded FOMC statements (250) and minutes (350), seeded. `assemble` keeps both first
readings in every row, takes the reconciled reading where they disagree on the sign or the channel, and
draws the held-out fifth with `fi_lora.labelled.stratified_split` (by file, channel and label).

`sample-more` draws texts that are in no labelled file, no evaluation set (`fi_lora.encoder.recipe_eval_sets`)
and not among the 40 hand-labelled triplet sentences: 600 distinct sentences of the embedded FOMC statements and
minutes (at least 25 characters) and 600 `Macro` tweets of the topic training file, seeded. `append` adds the new
rows at the end of each file (every existing row, split included, stays as it was) and draws the held-out fifth
of the new rows alone, by the same strata; relevance and triplets come from the first reading; each new row
carries its `round` (the first files' rows have none: round 1).
"""
import argparse, csv, hashlib, json, random, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUOTA = {'Fed | Central Banks': None, 'Treasuries | Corporate Debt': None, 'Macro': 650, 'Earnings': 110, 'M&A | Investments': 110,
         'Dividend': 50, 'Financials': 70, 'Company | Product News': 50, 'Energy | Oil': 50, 'Currencies': 30,
         'General News | Opinion': 50, 'Politics': 40, 'Stock Commentary': 30, 'Stock Movement': 30, 'Analyst Update': 20,
         'Legal | Regulation': 20, 'Personnel Change': 15, 'IPO': 10, 'Gold | Metals | Materials': 10, 'Markets': 30}
FILES = {'tw': 'tweets_bond.jsonl', 'fo': 'fomc_sentences_bond.jsonl', 'au': 'authored_bond_news.jsonl'}


def _id(prefix, text): return f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"

def _jsonl(p): return [json.loads(l) for l in Path(p).read_text(encoding='utf-8').splitlines() if l.strip()]


def sample(data: Path, work: Path, seed: int = 2026):
    from fi_lora.text import split_sentences
    rng, items, seen, by = random.Random(seed), [], set(), {}
    for f in ('twitter_financial_news_topic_train.csv', 'twitter_financial_news_topic_valid.csv'):
        for r in csv.DictReader(open(data/f, encoding='utf-8')):
            k = ' '.join(r['text'].split()).lower()
            if k not in seen: seen.add(k); by.setdefault(r['topic'], []).append(r['text'])
    for tp, q in QUOTA.items():
        for t in (by[tp] if q is None else rng.sample(by[tp], min(q, len(by[tp])))): items.append(dict(id=_id('tw', t), text=t))
    sents = {}
    for r in csv.DictReader(open(data/'fomc_communications.csv', encoding='utf-8')):
        for s in split_sentences(r['text']):
            s = ' '.join(s.split())
            if 6 <= len(s.split()) <= 70 and s not in sents: sents[s] = r['type']
    keys = sorted(sents); rng.shuffle(keys)
    for s in [k for k in keys if sents[k] == 'statement'][:250] + [k for k in keys if sents[k] != 'statement'][:350]:
        items.append(dict(id=_id('fo', s), text=s))
    rng.shuffle(items)
    (work/'items').mkdir(parents=True, exist_ok=True)
    size = -(-len(items) // 3)
    for c in range(3):
        chunk = items[c * size:(c + 1) * size]
        for b in range(0, len(chunk), 100):
            (work/'items'/f'chunk{c + 1}_b{b // 100:02d}.jsonl').write_text(
                ''.join(json.dumps(it, ensure_ascii=False) + '\n' for it in chunk[b:b + 100]), encoding='utf-8')
    print(f"{len(items)} items ({sum(i['id'].startswith('tw') for i in items)} tweets) in {work/'items'}")


def sample_more(data: Path, work: Path, seed: int = 20261207, n: int = 600):
    from fi_lora.public_data import fomc_texts
    from fi_lora.text import split_sentences
    from fi_lora.labelled import read_labelled
    from fi_lora.encoder import recipe_eval_sets
    repo = Path(__file__).resolve().parents[1]
    taken = set(read_labelled().text) | {t for s in recipe_eval_sets(data).values() for t in s['texts']}
    taken |= {s['text'] for s in json.loads((repo/'nbs'/'fixtures'/'triplets_fomc_hand.json').read_text())['sentences']}
    sents = dict.fromkeys(' '.join(s.split()) for t in fomc_texts().text for s in split_sentences(t))
    fomc = [s for s in sents if s not in taken and len(s) >= 25]
    tweets = [r['text'] for r in csv.DictReader(open(data/'twitter_financial_news_topic_train.csv', encoding='utf-8'))
              if r['topic'] == 'Macro']
    tweets = [t for t in dict.fromkeys(tweets) if t not in taken]
    (work/'items').mkdir(parents=True, exist_ok=True)
    for prefix, pool in (('fo', fomc), ('tw', tweets)):
        random.Random(seed).shuffle(pool)
        for b in range(2):
            part = pool[b * n // 2:(b + 1) * n // 2]
            name = {'fo': 'fomc', 'tw': 'tw'}[prefix]
            (work/'items'/f'{name}{b + 1}.jsonl').write_text(
                ''.join(json.dumps(dict(id=_id(prefix, t), text=t), ensure_ascii=False) + '\n' for t in part), encoding='utf-8')
    print(f"{n} FOMC sentences of {len(fomc):,} and {n} tweets of {len(tweets):,} unlabelled in {work/'items'}")


def _short(r):
    "A reading with the protocol's short keys (annotators may write `channel`, `topic`, `relevance`, `triplets`)."
    long = dict(channel='c', topic='t', relevance='r', triplets='x')
    return {long.get(k, k): v for k, v in r.items()}


def _readings(work: Path):
    "id -> dict(text, a, b) for every item read twice."
    texts = {i['id']: i['text'] for p in sorted((work/'items').glob('*.jsonl')) for i in _jsonl(p)}
    A = {r['id']: _short(r) for p in sorted((work/'labels'/'A').glob('*.jsonl')) for r in _jsonl(p)}
    B = {r['id']: _short(r) for p in sorted((work/'labels'/'B').glob('*.jsonl')) for r in _jsonl(p)}
    for p in sorted((work/'authored').glob('*.jsonl')):
        for r in _jsonl(p):
            texts[r['id']] = r['text']
            A[r['id']] = _short(r)
    B.update({r['id']: _short(r) for p in sorted((work/'authored_B').glob('*.jsonl')) for r in _jsonl(p)})
    return {i: dict(text=texts[i], a=A[i], b=B[i]) for i in texts if i in A and i in B}

def _sign(s): return (s > 0) - (s < 0)

def _disagree(a, b): return _sign(a['s']) != _sign(b['s']) or a['c'] != b['c']


def conflicts(work: Path):
    got = _readings(work)
    keys = lambda x: ('s', 'c') + ('t',) * ('t' in x)     # a blind second reading may give no topic
    out = [dict(id=i, text=r['text'], a={k: r['a'][k] for k in keys(r['a'])}, b={k: r['b'][k] for k in keys(r['b'])},
                **({'why_a': r['a']['why']} if 'why' in r['a'] else {}))
           for i, r in got.items() if _disagree(r['a'], r['b'])]
    (work/'conflicts.jsonl').write_text(''.join(json.dumps(o, ensure_ascii=False) + '\n' for o in out), encoding='utf-8')
    print(f"{len(out)} of {len(got)} items disagree on the sign or the channel: {work/'conflicts.jsonl'}")


def _reconciled(work: Path) -> dict:
    "id -> the third reading, for the items the first two disagree on."
    p = work/'reconciled.jsonl'
    return {r['id']: r for r in _jsonl(p)} if p.is_file() else {}


def _file_of(i: str) -> str:
    "The labelled file of an item id (`tw-…`, `fo-…`, `au-…`; the second round's authored ids are `au2-…`)."
    return FILES[i.split('-')[0].rstrip('0123456789')]


def _draw_split(rows: list):
    "Set each row's `split`: the held-out fifth of these rows alone, stratified by file, channel and label."
    from fi_lora.labelled import stratified_split
    lab = lambda s: 'negative' if s < 0 else 'positive' if s > 0 else 'neutral'
    strata = [_file_of(r['id']) + r['channel'] + lab(r['s']) for r in rows]
    for r, sp in zip(rows, stratified_split([r['id'] for r in rows], strata)): r['split'] = str(sp)


def _by_file(rows: list):
    "(file name, its rows sorted by id) for every labelled file."
    return [(name, sorted((r for r in rows if _file_of(r['id']) == name), key=lambda r: r['id']))
            for name in FILES.values()]


def _write(path: Path, rows: list, keep: bool = False):
    "Write `rows` as JSON lines to `path` (after its current lines when `keep`), through a temporary file."
    old = path.read_text(encoding='utf-8') if keep else ''
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_text(old + ''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows), encoding='utf-8')
    tmp.replace(path)


def assemble(work: Path, out: Path):
    from fi_lora.labelled import read_labelled, annotation_agreement
    got, rec = _readings(work), _reconciled(work)
    rows = []
    for i, r in got.items():
        a, b = r['a'], r['b']
        if _disagree(a, b):
            if i not in rec: raise SystemExit(f"{i}: the readings disagree and {work/'reconciled.jsonl'} has no decision for it.")
            final = rec[i]; s, c, t = final['s'], final['c'], final.get('t', a['t'])
        else:
            s, c, t = int(a['s'] + b['s']) // 2 if a['s'] + b['s'] >= 0 else -(-(a['s'] + b['s']) // 2), a['c'], a['t']
        if 'why' in a: s, t = (a['s'], a['t']) if not _disagree(a, b) else (s, t)     # authored: the author's reading where both agree
        rel = round((float(a['r']) + float(b['r'])) / 2 * 4) / 4
        trip = max((a.get('x') or [], b.get('x') or []), key=len)
        trip = [t_ for t_ in trip if all(str(x) in r['text'] for x in t_)]
        row = dict(id=i, text=r['text'], s=int(s), channel=c, topic=t, relevance=rel, triplets=trip, split=None,
                   a=dict(s=a['s'], c=a['c']), b=dict(s=b['s'], c=b['c']), reconciled=_disagree(a, b))
        if 'why' in a: row['why'] = a['why']
        rows.append(row)
    _draw_split(rows)
    out.mkdir(parents=True, exist_ok=True)
    for name, part in _by_file(rows):
        _write(out/name, part)
        print(f"{name}: {len(part)} items")
    print(annotation_agreement(read_labelled(folder=out)).round(3).to_string())


def append(work: Path, out: Path):
    from fi_lora.labelled import read_labelled, annotation_agreement, _check_item
    got, rec = _readings(work), _reconciled(work)
    have = read_labelled(folder=out)
    n_round = int(have['round'].fillna(1).max()) + 1 if 'round' in have else 2   # rows without `round` are round 1
    seen, ids = {' '.join(t.lower().split()) for t in have.text}, set(have.id)
    rows = []
    for i, r in got.items():
        key = ' '.join(r['text'].lower().split())
        if i in ids or key in seen: raise SystemExit(f"{i}: its text is already labelled ({r['text'][:60]!r}).")
        seen.add(key)
        a, b = r['a'], r['b']
        s, c, t, rel = a['s'], a['c'], a['t'], float(a['r'])
        if _disagree(a, b):
            if i not in rec: raise SystemExit(f"{i}: the readings disagree and {work/'reconciled.jsonl'} has no decision for it.")
            d = rec[i]
            s, c, t, rel = d['s'], d['c'], d.get('t', t), float(d.get('r', rel))
        row = dict(id=i, text=r['text'], s=int(s), channel=c, topic=t, relevance=rel, triplets=a.get('x') or [], split=None,
                   a=dict(s=a['s'], c=a['c']), b=dict(s=b['s'], c=b['c']), reconciled=_disagree(a, b), round=n_round)
        if 'why' in a: row['why'] = rec.get(i, {}).get('why', a['why'])
        rows.append(row)
    _draw_split(rows)
    for r in rows: _check_item(r, r['id'])
    for name, part in _by_file(rows):
        _write(out/name, part, keep=True)
        print(f"{name}: {len(part)} items added ({sum(r['split'] == 'test' for r in part)} held out)")
    new = read_labelled(folder=out)
    print(annotation_agreement(new[new.id.isin([r['id'] for r in rows])]).round(3).to_string())


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('step', choices=['sample', 'sample-more', 'conflicts', 'assemble', 'append'])
    ap.add_argument('--work', required=True, type=Path)
    ap.add_argument('--data', type=Path, default=None)
    ap.add_argument('--out', type=Path, default=Path(__file__).resolve().parents[1]/'fi_lora'/'resources'/'labelled')
    a = ap.parse_args()
    if a.step in ('sample', 'sample-more'):
        from fi_lora.config import shared_data_dir
        (sample if a.step == 'sample' else sample_more)(a.data or shared_data_dir(), a.work)
    elif a.step == 'conflicts': conflicts(a.work)
    elif a.step == 'append': append(a.work, a.out)
    else: assemble(a.work, a.out)
