"""Tier schemes: named follower ranges [min, max). The presets are seeded into the
`tiers` table; queries read tiers from there, so names and edges are data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    min_followers: int
    max_followers: int | None  # None: no upper bound


@dataclass(frozen=True)
class TierScheme:
    name: str
    tiers: tuple[Tier, ...]

    def tier_of(self, followers: int) -> str:
        for tier in self.tiers:
            if followers >= tier.min_followers and (
                tier.max_followers is None or followers < tier.max_followers
            ):
                return tier.name
        raise ValueError(f"no tier for {followers} followers in scheme {self.name}")

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tiers]


def scheme_from_edges(name: str, names: list[str], edges: list[int]) -> TierScheme:
    """Build a scheme from tier names and their lower edges; edges start at 0 and increase.

    Raises ValueError with a plain-words reason when the edges are not usable.
    """
    if len(names) != len(edges) or not names:
        raise ValueError("give one lower edge per tier")
    if edges[0] != 0:
        raise ValueError("the first tier must start at 0 followers")
    if any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError("tier edges must increase from one tier to the next")
    if len(set(names)) != len(names) or any(not n.strip() for n in names):
        raise ValueError("tier names must be distinct and not empty")
    uppers: list[int | None] = [*edges[1:], None]
    return TierScheme(
        name, tuple(Tier(n, lo, hi) for n, lo, hi in zip(names, edges, uppers, strict=True))
    )


DEFAULT = scheme_from_edges(
    "default", ["nano", "micro", "macro", "mega"], [0, 10_000, 100_000, 1_000_000]
)
FIVE = scheme_from_edges(
    "five", ["nano", "micro", "mid", "macro", "mega"], [0, 10_000, 50_000, 500_000, 1_000_000]
)
PRESETS: dict[str, TierScheme] = {s.name: s for s in (DEFAULT, FIVE)}

# The micro-vs-macro sides by default: tiers under 100k against tiers from 100k up.
SIDE_EDGE = 100_000


def default_sides(scheme: TierScheme) -> tuple[list[str], list[str]]:
    micro = [
        t.name for t in scheme.tiers if t.max_followers is not None and t.max_followers <= SIDE_EDGE
    ]
    macro = [t.name for t in scheme.tiers if t.min_followers >= SIDE_EDGE]
    return micro, macro
