"""Build the embedded public-domain snapshots in `fi_lora/resources/` from the shared data files.

    python scripts/build_snapshots.py [--data ../shared/data] [--out fi_lora/resources] [--retrieved YYYY-MM-DD]

Reads `treasury_par_yields.csv` (US Treasury daily par yield curve rates, percent) and
`fomc_communications.csv` (FOMC statements and minutes), checks them, and writes each as zstd Parquet
plus a provenance JSON (source URL, licence, retrieval date, rows, date range, SHA-256 of the Parquet
file and of the source file) through `fi_lora.public_data.write_snapshot`. The retrieval date is not
recorded in the shared files: it defaults to the source file's modification date, and the provenance
says so. Ends with a size table; fails if the two snapshots together exceed 2 MB.
"""
import argparse, datetime as dt, hashlib, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pandas as pd
from fi_lora.config import shared_data_dir
from fi_lora.public_data import DATASETS, read_fomc_csv, read_treasury_csv, write_snapshot, read_snapshot

LIMIT = 2 * 2**20


def source_info(path: Path, retrieved: str | None) -> dict:
    "What the provenance records about the source file."
    mtime = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return dict(retrieval_date=retrieved or mtime,
                retrieval_date_basis='given on the command line' if retrieved else f'modification date of {path.name} (the shared file records no retrieval date)',
                source_files=[dict(name=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), bytes=path.stat().st_size)])


def treasury(path: Path) -> pd.DataFrame:
    y = read_treasury_csv(path).sort_index()
    if y.index.has_duplicates: raise SystemExit(f"{path.name}: duplicate dates")
    return y


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=None, help='folder with the shared CSV files (default: ../shared/data or $FI_LORA_DATA_DIR)')
    ap.add_argument('--out', default=str(Path(__file__).resolve().parents[1] / 'fi_lora' / 'resources'))
    ap.add_argument('--retrieved', default=None, help='retrieval date to record (default: the source file modification date)')
    a = ap.parse_args(argv)
    data = Path(a.data) if a.data else shared_data_dir()
    out = Path(a.out)
    rows = []
    for name, fn, build in (('treasury_yields', 'treasury_par_yields.csv', treasury), ('fomc_texts', 'fomc_communications.csv', read_fomc_csv)):
        src = data / fn
        df = build(src)
        p = write_snapshot(df, name, out, **source_info(src, a.retrieved))
        back, prov = read_snapshot(name, out)                       # read back through the package's own checks
        assert len(back) == len(df)
        rows.append(dict(dataset=name, rows=prov['rows'], first=prov['date_range'][0], last=prov['date_range'][1],
                         source_kib=round(src.stat().st_size / 1024), parquet_kib=round(p.stat().st_size / 1024), sha256=prov['sha256'][:12]))
    t = pd.DataFrame(rows).set_index('dataset')
    print(t.to_string())
    total = sum((out / f"{DATASETS[n]['file']}.parquet").stat().st_size for n in DATASETS)
    print(f"total {total / 2**20:.2f} MiB (limit {LIMIT / 2**20:.0f} MiB)")
    return 0 if total < LIMIT else 1


if __name__ == '__main__':
    sys.exit(main())
