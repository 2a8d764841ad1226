"""Benchmark the importer: a generated posts CSV of N rows into a fresh database.

    .venv/bin/python bench/bench_import.py [--rows 1000000]

Writes influencers.csv, campaigns.csv and posts.csv (with thousands separators,
K/M abbreviations and empty cells, as real exports have) to a temporary folder,
imports them with import_batch, and prints rows per second and the seconds spent
reading, validating and writing, then the time to refresh the pre-aggregates
(campaign_roi/aggregates.py) unless the import did. Target: well under 15 s for a
million posts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from campaign_roi import aggregates, db  # noqa: E402
from campaign_roi.importer import import_batch, sources_from_paths  # noqa: E402

PLATFORMS = np.array(["instagram", "tiktok", "youtube"])
CONTENT = np.array(["photo", "reel", "video", "story"])


def _abbreviated(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Counts as exports write them: mostly plain, some "12.3K", some "12,345", some empty."""
    text = values.astype(str).astype(object)
    style = rng.integers(0, 10, len(values))
    big = values >= 10_000
    k = big & (style == 0)
    text[k] = np.char.add((values[k] // 100 / 10).astype(str), "K")
    comma = big & (style == 1)
    text[comma] = [f"{v:,}" for v in values[comma]]
    text[style == 9] = ""
    return text


def generate(folder: Path, rows: int, seed: int = 7) -> list[Path]:
    """Write the three CSV files for `rows` posts; return their paths."""
    rng = np.random.default_rng(seed)
    creators = max(rows // 20, 10)
    campaigns = max(rows // 10_000, 5)
    influencer_ids = np.char.add("i", np.arange(creators).astype(str))
    pd.DataFrame(
        {
            "influencer_id": influencer_ids,
            "handle": np.char.add("@creator", np.arange(creators).astype(str)),
            "platform": rng.choice(PLATFORMS, creators),
            "followers": rng.integers(500, 3_000_000, creators),
        }
    ).to_csv(folder / "influencers.csv", index=False)
    pd.DataFrame(
        {
            "campaign_id": np.char.add("c", np.arange(campaigns).astype(str)),
            "name": np.char.add("Campaign ", np.arange(campaigns).astype(str)),
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "budget": "$25,000.00",
        }
    ).to_csv(folder / "campaigns.csv", index=False)
    seconds = rng.integers(0, 365 * 86400, rows)
    posted = pd.Timestamp("2025-01-01") + pd.to_timedelta(seconds, unit="s")
    views = rng.integers(100, 5_000_000, rows)
    pd.DataFrame(
        {
            "post_id": np.char.add("p", np.arange(rows).astype(str)),
            "campaign_id": np.char.add("c", rng.integers(0, campaigns, rows).astype(str)),
            "influencer_id": influencer_ids[rng.integers(0, creators, rows)],
            "posted_at": posted.strftime("%Y-%m-%d %H:%M:%S"),
            "content_type": rng.choice(CONTENT, rows),
            "impressions": _abbreviated(views * 2, rng),
            "views": _abbreviated(views, rng),
            "likes": _abbreviated(views // 20, rng),
            "comments": _abbreviated(views // 500, rng),
            "shares": _abbreviated(views // 800, rng),
            "saves": _abbreviated(views // 300, rng),
            "url": np.char.add("https://example.com/p/", np.arange(rows).astype(str)),
        }
    ).to_csv(folder / "posts.csv", index=False)
    return [folder / "influencers.csv", folder / "campaigns.csv", folder / "posts.csv"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="posts to generate")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        paths = generate(folder, args.rows)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"generated {args.rows:,} posts ({size:.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        con = db.connect_rw(folder / "bench.duckdb")
        started = time.perf_counter()
        report = import_batch(con, sources_from_paths(paths))
        total = time.perf_counter() - started
        if report.problems:
            print(f"refused: {report.problem_count} problems, e.g. {report.problems[0]}")
            return 1
        stored = con.execute("SELECT count(*) FROM posts").fetchall()[0][0]
        refreshed = aggregates.is_fresh(con)
        if not refreshed:  # the pre-aggregates every writer must refresh, timed apart
            started = time.perf_counter()
            with db.transaction(con):
                aggregates.refresh(con)
            refresh = time.perf_counter() - started
        con.close()
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items())
    print(f"imported {stored:,} posts in {total:.2f} s ({args.rows / total:,.0f} rows/s): {steps}")
    if refreshed:
        print("the import refreshed the pre-aggregates (its time is in the figures above)")
    else:
        both = total + refresh
        print(
            f"refreshing the pre-aggregates (campaign_roi/aggregates.py) after it: "
            f"{refresh:.2f} s; import and refresh {both:.2f} s ({args.rows / both:,.0f} rows/s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
