"""Published engagement-rate benchmarks by follower bucket, shipped with the project.

benchmarks.csv holds a few published figures, each row with its source, year,
platform, statistic (average or median), the source's own ER definition, the bucket
[min_followers, max_followers) (empty max: no upper bound), the value as a fraction,
a note and where it was published (Markerly 2016 as reported by Marketing Dive;
HypeAuditor's March 2018 benchmark on its own blog).

They are reference lines only: charts overlay them, one series per source, year and
statistic, labelled, and never mix them into the user's own numbers. Their
definitions differ from METRICS.md's ER by followers (likes + comments + shares +
saves over followers_at_post, per post): Markerly counts likes only, HypeAuditor
likes and comments.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

BENCHMARKS_FILE = Path(__file__).resolve().parent / "benchmarks.csv"
COLUMNS = (
    "source",
    "year",
    "platform",
    "statistic",
    "definition",
    "min_followers",
    "max_followers",
    "value",
    "note",
    "url",
)


def load(path: Path = BENCHMARKS_FILE) -> pd.DataFrame:
    """Every published row, as in the file; max_followers is <NA> for "no upper bound"."""
    frame = pd.read_csv(path, dtype={"source": str, "platform": str, "note": str, "url": str})
    missing = set(COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path.name} lacks the columns {', '.join(sorted(missing))}")
    frame = frame.loc[:, list(COLUMNS)]
    frame["year"] = frame["year"].astype("int64")
    frame["min_followers"] = frame["min_followers"].astype("int64")
    frame["max_followers"] = frame["max_followers"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def series_label(source: str, year: int, statistic: str) -> str:
    """How a series is named on a chart: source, year and statistic."""
    return f"{source} {year} ({statistic})"


def series(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One (label, rows by bucket) per source, year and statistic: never two sources in
    one series."""
    out = []
    for (source, year, statistic), rows in frame.groupby(
        ["source", "year", "statistic"], sort=False
    ):
        out.append((series_label(source, int(year), statistic), rows.sort_values("min_followers")))
    return out


def definitions(frame: pd.DataFrame) -> list[str]:
    """ "Markerly 2016: likes / followers", one per source and year, for captions."""
    pairs = frame.drop_duplicates(["source", "year", "definition"])
    return [f"{r.source} {r.year}: {r.definition}" for r in pairs.itertuples()]
