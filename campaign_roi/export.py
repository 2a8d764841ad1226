"""Figures as plain records, JSON and CSV: what the CLI prints and the pages download.

Keys are METRICS.md names in snake_case; "no value" is None (null in JSON, empty in
CSV). Money is rounded to the cent at this last step only.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd

from campaign_roi.formatting import as_json_value
from campaign_roi.metrics import DETAIL_FIGURES, SUMMARY_FIGURES
from campaign_roi.stats import Comparison

MONEY_FIGURES = {"cost", "revenue", "commission", "spend", "overhead_spend", "refunded_revenue"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(name: str, value: Any) -> Any:
    value = as_json_value(value)
    if value is not None and name in MONEY_FIGURES:
        return round(value, 2)
    if isinstance(value, float) and value.is_integer() and name in {
        "posts", "placements", "engagements", "orders", "impressions", "views", "reach",
        "clicks", "posts_without_engagement", "refunded_orders",
    }:  # fmt: skip
        return int(value)
    return value


def summary_records(frame: pd.DataFrame, by: str, details: bool = True) -> list[dict[str, Any]]:
    """One dict per group: the group key under the grouping's name, then the figures."""
    names = SUMMARY_FIGURES + (DETAIL_FIGURES if details else ())
    records = []
    for row in frame.to_dict("records"):
        record: dict[str, Any] = {} if by == "all" else {by: row["group_key"]}
        if by in ("campaign", "creator"):
            record[f"{by}_name"] = row["group_label"]
        record.update({name: _value(name, row[name]) for name in names})
        records.append(record)
    return records


def comparison_record(result: Comparison) -> dict[str, Any]:
    """The comparison flattened: each multiple with _low/_high, and both sides' sizes."""
    record: dict[str, Any] = {
        "micro_tiers": list(result.micro.tiers),
        "macro_tiers": list(result.macro.tiers),
        "enough_data": result.enough_data,
    }
    for name in ("engagement_lift", "cost_efficiency_multiple", "roas_multiple"):
        estimate = getattr(result, name)
        record[name] = estimate.value
        record[f"{name}_low"] = estimate.low
        record[f"{name}_high"] = estimate.high
    for side_name in ("micro", "macro"):
        side = getattr(result, side_name)
        for field in ("placements", "posts", "typical_er", "cpe", "roas", "cost", "revenue"):
            record[f"{side_name}_{field}"] = _value(field, getattr(side, field))
    record["resamples"] = result.resamples
    return record


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]] | pd.DataFrame) -> str:
    """CSV text with formula-looking text cells neutralised (downloads and the CLI)."""
    if isinstance(records, pd.DataFrame):
        records = [
            {k: as_json_value(v) for k, v in row.items()} for row in records.to_dict("records")
        ]
    buffer = io.StringIO()
    if records:
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in row.items()} for row in records)
    return buffer.getvalue()
