"""Column mappings for platform exports: which source column feeds which contract column.

A mapping is saved as a small TOML file, for the command line and for reuse:

    table = "posts"
    create_influencers = true
    zero_words = ["Share"]
    date_format = "%d/%m/%Y"      # optional; ISO 8601 otherwise

    [columns]                     # contract column = source column
    influencer_id = "creator"
    followers_at_post = "user_nfollower"
    followers = "user_nfollower"  # one source column may feed two contract columns

    [values]                      # contract column = one value for every row
    platform = "tiktok"
    campaign_id = "c9"

With `create_influencers`, a posts mapping may also name influencer columns
(handle, followers, niche, country, name): the importer creates the creators it
does not know yet from them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from campaign_roi.contract import TABLES, normalise_name

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOP_KEYS = {"table", "columns", "values", "create_influencers", "zero_words", "date_format"}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says why, in words."""


@dataclass
class Mapping:
    table: str
    columns: dict[str, str] = field(default_factory=dict)  # contract column -> source column
    values: dict[str, str] = field(default_factory=dict)  # contract column -> constant
    create_influencers: bool = False
    zero_words: list[str] = field(default_factory=list)
    date_format: str | None = None

    def allowed_columns(self) -> list[str]:
        """The contract columns this mapping may fill."""
        names = list(TABLES[self.table].column_names)
        if self.create_influencers and self.table == "posts":
            names += [c for c in TABLES["influencers"].column_names if c not in names]
        return names

    def problems(self) -> list[str]:
        """What is wrong with the mapping itself, in words (empty when usable)."""
        if self.table not in TABLES:
            return [
                f'the mapping names table "{self.table}", which does not exist. '
                f"Use one of: {', '.join(TABLES)}."
            ]
        found: list[str] = []
        if self.create_influencers and self.table != "posts":
            found.append("create_influencers works only with a posts mapping.")
        allowed = self.allowed_columns()
        for section, names in (("columns", self.columns), ("values", self.values)):
            for name in names:
                if name not in allowed:
                    found.append(
                        f'[{section}] names "{name}", which is not a column of {self.table}. '
                        f"Use one of: {', '.join(allowed)}."
                    )
        both = set(self.columns) & set(self.values)
        for name in sorted(both):
            found.append(f'"{name}" is both in [columns] and in [values]; keep one.')
        return found

    def missing_sources(self, headers: list[str]) -> list[str]:
        """The mapped source columns that are not in a file with these headers."""
        present = {normalise_name(h) for h in headers}
        return sorted({s for s in self.columns.values() if normalise_name(s) not in present})

    def source_header(self, headers: list[str], source: str) -> str | None:
        """The file's header a mapped source column names (matched like contract names)."""
        wanted = normalise_name(source)
        for header in headers:
            if header == source:
                return header
        for header in headers:
            if normalise_name(header) == wanted:
                return header
        return None

    @classmethod
    def from_toml(cls, text: str) -> Mapping:
        """Read a mapping from TOML text; MappingError says what is wrong."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(f"the mapping file is not valid TOML: {exc}") from exc
        mapping = cls._from_dict(data)
        found = mapping.problems()
        if found:
            raise MappingError(" ".join(found))
        return mapping

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        return cls.from_toml(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def _from_dict(cls, data: dict) -> Mapping:
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise MappingError(
                f"the mapping has unknown settings: {', '.join(unknown)}. "
                f"Use only: {', '.join(sorted(_TOP_KEYS))}."
            )
        table = data.get("table")
        if not isinstance(table, str):
            raise MappingError('the mapping must say which table it is for, e.g. table = "posts".')
        for section in ("columns", "values"):
            if not isinstance(data.get(section, {}), dict):
                raise MappingError(f"[{section}] must be a section of name = value lines.")
        columns = data.get("columns", {})
        bad = [k for k, v in columns.items() if not isinstance(v, str)]
        if bad:
            raise MappingError(
                f"in [columns], give source column names in quotes: {', '.join(bad)}."
            )
        zero_words = data.get("zero_words", [])
        if not isinstance(zero_words, list) or not all(isinstance(w, str) for w in zero_words):
            raise MappingError('zero_words must be a list of words, e.g. zero_words = ["Share"].')
        date_format = data.get("date_format")
        if date_format is not None and not isinstance(date_format, str):
            raise MappingError('date_format must be text, e.g. date_format = "%d/%m/%Y".')
        create = data.get("create_influencers", False)
        if not isinstance(create, bool):
            raise MappingError("create_influencers must be true or false.")
        return cls(
            table=normalise_name(table),
            columns={normalise_name(k): v for k, v in columns.items()},
            values={normalise_name(k): _constant(v) for k, v in data.get("values", {}).items()},
            create_influencers=create,
            zero_words=list(zero_words),
            date_format=date_format,
        )

    def to_toml(self) -> str:
        """The mapping as TOML text that from_toml reads back to an equal mapping."""
        lines = [f"table = {_toml_string(self.table)}"]
        if self.create_influencers:
            lines.append("create_influencers = true")
        if self.zero_words:
            lines.append(f"zero_words = [{', '.join(_toml_string(w) for w in self.zero_words)}]")
        if self.date_format:
            lines.append(f"date_format = {_toml_string(self.date_format)}")
        for section, pairs in (("columns", self.columns), ("values", self.values)):
            if pairs:
                lines += ["", f"[{section}]"]
                lines += [f"{_toml_key(k)} = {_toml_string(v)}" for k, v in pairs.items()]
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_toml(), encoding="utf-8")


def _constant(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise MappingError(f"a value in [values] must be a single value, not {value!r}.")


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)
