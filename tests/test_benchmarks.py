"""The shipped published benchmarks load with their sources, one series per source."""

from __future__ import annotations

import pandas as pd
import pytest

from campaign_roi import benchmarks


def test_loader_returns_the_published_rows_with_sources():
    frame = benchmarks.load()
    assert len(frame) == 16
    assert set(frame["source"]) == {"Markerly", "HypeAuditor"}
    assert frame["url"].str.startswith("https://").all()
    assert frame["definition"].notna().all() and frame["year"].isin([2016, 2018]).all()
    markerly = frame[frame["source"] == "Markerly"]
    assert set(markerly["definition"]) == {"likes / followers"}
    assert list(markerly["value"]) == pytest.approx([0.08, 0.04, 0.024, 0.017])
    hype_median = frame[(frame["source"] == "HypeAuditor") & (frame["statistic"] == "median")]
    assert list(hype_median["min_followers"]) == [0, 1_000, 5_000, 20_000, 100_000, 1_000_000]
    assert hype_median["max_followers"].isna().sum() == 1  # 1M+: no upper bound
    assert list(hype_median["value"])[0] == pytest.approx(0.1699)


def test_each_source_year_and_statistic_is_its_own_series():
    labels = [label for label, _ in benchmarks.series(benchmarks.load())]
    assert labels == [
        "Markerly 2016 (average)",
        "HypeAuditor 2018 (average)",
        "HypeAuditor 2018 (median)",
    ]
    for _, rows in benchmarks.series(benchmarks.load()):
        assert rows["source"].nunique() == 1 and rows["statistic"].nunique() == 1


def test_definitions_name_each_source():
    assert benchmarks.definitions(benchmarks.load()) == [
        "Markerly 2016: likes / followers",
        "HypeAuditor 2018: (likes + comments) / followers",
    ]


def test_a_file_without_a_source_column_is_refused(tmp_path):
    path = tmp_path / "b.csv"
    pd.DataFrame({"year": [2020], "value": [0.1]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="source"):
        benchmarks.load(path)
