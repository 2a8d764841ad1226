"""A set of placements boiled down per tier and side (campaign_roi/digest.py): sums,
medians and typical ER worked out by hand, and the bag: the smallest bag_key first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from campaign_roi import digest


def _placements() -> pd.DataFrame:
    # six placements: nano (3), micro (2), macro (1); bag_key shuffles their order
    return pd.DataFrame(
        {
            "placement_tier": ["nano", "micro", "nano", "macro", "nano", "micro"],
            "placement_followers": [2_000, 20_000, 4_000, 300_000, 6_000, 40_000],
            "posts": [1, 2, 1, 3, 0, 1],
            "engagements": [100, 900, 300, 6_000, 0, 1_100],
            "cost": [10, 90, 30, 900, 5, 110],
            "revenue": [0, 50, 20, 100, 0, 70],
            "orders": [0, 1, 1, 2, 0, 3],
            "ers": [[0.05], [0.02, 0.03], [0.075], [0.01, 0.02, 0.03], [], [0.0275]],
            "bag_key": np.array([50, 10, 40, 30, 20, 60], dtype=np.uint64),
        }
    )


def test_sums_medians_and_typical_er_by_hand():
    result = digest.of_frame(_placements(), ("nano", "micro"), ("macro",))
    assert result.placements == 6
    nano = result.tier("nano")
    assert (nano.placements, nano.posts, nano.cost, nano.orders) == (3, 2, 45, 1)
    micro = result.sides["micro"]
    assert (micro.placements, micro.posts, micro.engagements) == (5, 5, 2_400)
    assert (micro.cost, micro.revenue, micro.orders) == (245, 140, 5)
    # the side's posts' ERs: 0.02 0.0275 0.03 0.05 0.075: the middle one
    assert micro.typical_er == pytest.approx(0.03)
    # medians per placement of the five: followers 2k 4k 6k 20k 40k, cost 5 10 30 90 110
    assert micro.medians == {"followers": 6_000, "engagements": 300, "cost": 30, "revenue": 20}
    assert result.sides["macro"].typical_er == pytest.approx(0.02)
    assert result.tier("mega").placements == 0 and result.tier("mega").cost == 0


def test_a_bag_is_the_smallest_bag_keys_in_order(monkeypatch):
    monkeypatch.setattr(digest, "BAG", 2)
    result = digest.of_frame(_placements(), ("nano", "micro"), ("macro",))
    # micro side keys: nano 50 40 20, micro 10 60 -> 10 (micro, cost 90), 20 (nano, cost 5)
    side = result.sides["micro"].bag
    assert list(side["bag_key"]) == [10, 20]
    assert list(side["cost"]) == [90, 5]
    assert [list(e) for e in side["ers"]] == [[0.02, 0.03], []]
    assert list(result.tier("nano").bag["bag_key"]) == [20, 40]
    # the sums stay the whole group's
    assert result.sides["micro"].cost == 245


def test_bands_merge_to_the_same_digest(monkeypatch):
    # fast_placement_digest.sql's shape: each band's sums and its own smallest keys
    monkeypatch.setattr(digest, "BAG", 2)
    frame = _placements().assign(placement_key=range(1, 7), band=[0, 1, 0, 2, 3, 1])
    band_tiers = ["nano", "micro", "macro", "nano"]  # two bands make the nano tier
    rows = []
    for band, part in frame.groupby("band"):
        smallest = part.sort_values("bag_key").head(digest.BAG)
        rows.append(
            {
                "pband": band,
                "side": None,
                "placements": len(part),
                "posts": part["posts"].sum(),
                **{name: float(part[name].sum()) for name in digest.SUMS},
                **{
                    f"bag_{name}": list(smallest[name])
                    for name in ("placement_key", *digest.BAG_COLUMNS)
                },
            }
        )
    medians = {"side": "micro", "pband": None} | {
        f"median_{name}": value
        for name, value in digest.of_frame(frame, ("nano", "micro"), ())
        .sides["micro"]
        .medians.items()
    }
    ers = dict(zip(frame["placement_key"], frame["ers"], strict=True))
    merged = digest.of_bands(
        pd.DataFrame([*rows, medians]),
        band_tiers,
        ("nano", "micro"),
        ("macro",),
        {"micro": 0.03, "macro": 0.02},
        ers,
    )
    whole = digest.of_frame(frame, ("nano", "micro"), ("macro",))
    for name in ("nano", "micro", "macro"):
        assert merged.tier(name).placements == whole.tier(name).placements
        assert merged.tier(name).cost == whole.tier(name).cost
        assert list(merged.tier(name).bag["bag_key"]) == list(whole.tier(name).bag["bag_key"])
    side = merged.sides["micro"]
    assert list(side.bag["bag_key"]) == [10, 20]  # across the three bands of the side
    assert [list(e) for e in side.bag["ers"]] == [[0.02, 0.03], []]
    assert side.medians == whole.sides["micro"].medians
    assert side.typical_er == 0.03
