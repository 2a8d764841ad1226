"""Collecting problems: every one counted, past PROBLEMS_PER_KIND of a kind only counted."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from campaign_roi.importing.types import Problem

# Beyond this many rows with the same problem in one column, the rest are counted.
PROBLEMS_PER_KIND = 100


class ProblemLog:
    """Collects problems; past PROBLEMS_PER_KIND of one kind in one column it only counts."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0
        self._seen: dict[tuple[str, str | None, str], int] = {}

    def add(self, problem: Problem, kind: str | None = None) -> None:
        key = (problem.file, problem.column, kind or problem.message)
        self.total += 1
        self._seen[key] = self._seen.get(key, 0) + 1
        if self._seen[key] <= PROBLEMS_PER_KIND:
            self.items.append(problem)

    def add_rows(
        self,
        file: str,
        lines: Sequence[int],
        column: str | None,
        values: Sequence[object],
        messages: str | Sequence[str],
        kind: str | None = None,
    ) -> None:
        """Problems for many rows of one file and column (values and messages per row)."""
        if isinstance(messages, str):
            kind = kind or messages
            messages = [messages] * len(lines)
        kind = kind or "row"
        key = (file, column, kind)
        already = self._seen.get(key, 0)
        room = max(PROBLEMS_PER_KIND - already, 0)
        rows = itertools.islice(zip(lines, values, messages, strict=True), room)
        for line, value, message in rows:
            self.items.append(Problem(file, int(line), column, _shown(value), message))
        self._seen[key] = already + len(lines)
        self.total += len(lines)

    def finish(self) -> list[Problem]:
        """The problems in file and line order, with a line per kind saying how many more."""
        files = list(dict.fromkeys(p.file for p in self.items))
        out = sorted(self.items, key=lambda p: (files.index(p.file), p.line or 0))
        for (file, column, kind), count in self._seen.items():
            if count > PROBLEMS_PER_KIND:
                more = count - PROBLEMS_PER_KIND
                what = f" ({kind})" if len(kind) < 200 else ""
                out.append(
                    Problem(
                        file, None, column, None, f"{more:,} more rows have the same problem{what}."
                    )
                )
        return out


def _shown(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)
