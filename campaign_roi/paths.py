"""Where things are: always from the package location, never the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
# The page files. Not "pages/": with a folder of that name beside the entry script,
# Streamlit serves a deep link that arrives before any session has run the entry
# script through its legacy pages/ mode, without the frame (filters, navigation).
VIEWS_DIR = PROJECT_ROOT / "views"
SCHEMA_FILE = DATA_DIR / "schema.sql"
DEFAULT_DB = DATA_DIR / "campaigns.duckdb"
DB_ENV_VAR = "CAMPAIGN_ROI_DB"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file to use: `--db`, else $CAMPAIGN_ROI_DB, else data/campaigns.duckdb."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return DEFAULT_DB
