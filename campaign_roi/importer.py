"""Read, map, coerce, validate and write a batch of files (the CLI and the Data page share it).

    report = validate_batch(con, [Source("posts.csv", data)])   # writes nothing
    report = import_batch(con, sources, source="cli")           # all or nothing

The public face of `campaign_roi.importing`, where each step lives in its own module;
import from here.
"""

from __future__ import annotations

from campaign_roi.importing.batch import import_batch, sources_from_paths, validate_batch
from campaign_roi.importing.detection import detect_table
from campaign_roi.importing.problems import PROBLEMS_PER_KIND
from campaign_roi.importing.types import ImportReport, Problem, Progress, Source, TableCounts

__all__ = [
    "PROBLEMS_PER_KIND",
    "ImportReport",
    "Problem",
    "Progress",
    "Source",
    "TableCounts",
    "detect_table",
    "import_batch",
    "sources_from_paths",
    "validate_batch",
]
