"""Vectorised parsers for values as people write them.

Each parser takes a pandas Series of text and returns a `Parsed`: the typed values
(bad and empty cells are missing) and, for the bad cells only, the reason in words
a marketer understands. Empty always means unknown (missing), never zero.

Speed matters (a million posts must import in seconds), so the common, plain forms
("12345", "2025-03-01") go through pyarrow casts over the whole column at once, and
only the remaining cells ("12.3K", "$1,200.50") go through a vectorised regex.
There is no Python loop per value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MAX_COUNT = 10**15  # beyond this a "count" is a typo, and floats stop being exact

MSG_COUNT_NOT_NUMBER = (
    "this is not a number. Write a whole number such as 12345, 12,345 or 12.3K, "
    "or leave it empty if unknown."
)
MSG_COUNT_NEGATIVE = "a count cannot be negative. Fix the value or leave it empty if unknown."
MSG_COUNT_FRACTION = "a count must be a whole number. Fix the value or leave it empty if unknown."
MSG_COUNT_TOO_LARGE = "this number is too large to be a count. Check the value."
MSG_MONEY_NOT_NUMBER = (
    "this is not an amount of money. Write it like 1200.50 or $1,200.50 "
    "(a dot for decimals), or leave it empty if unknown."
)
MSG_MONEY_NEGATIVE = "an amount cannot be negative. Fix the value."
MSG_MONEY_TOO_LARGE = "this amount is too large. Check the value."
MSG_RATE_NOT_NUMBER = 'this is not a rate. Write it as a percentage ("8%") or a fraction ("0.08").'
MSG_RATE_RANGE = 'a rate must be between 0 and 1 (0% to 100%). Write 8% as "8%" or "0.08", not "8".'
MSG_BOOL = "this is not yes or no. Write true/false, yes/no or 1/0, or leave it empty."

# Currency symbols and the ISO codes they can stand for.
CURRENCY_SYMBOLS: dict[str, tuple[str, ...]] = {
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "US$": ("USD",),
    "€": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
    "₹": ("INR",),
    "R$": ("BRL",),
    "₩": ("KRW",),
    "₺": ("TRY",),
    "₽": ("RUB",),
    "ZŁ": ("PLN",),
    "KR": ("SEK", "NOK", "DKK"),
    "CHF": ("CHF",),
}

_TRUE = ("true", "yes", "1", "y", "t")
_FALSE = ("false", "no", "0", "n", "f")
_MULTIPLIERS = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9}

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
_COUNT_RE = r"^(?P<sign>[-+])?\s*" + _NUM + r"\s*(?P<suffix>[kKmMbB])?$"
_MONEY_RE = (
    r"^(?P<sign>[-+])?\s*(?P<pre>[^\d\s.,+-]*)\s*(?P<sign2>[-+])?\s*"
    + _NUM
    + r"\s*(?P<post>[^\d\s.,+-]*)$"
)
_RATE_RE = r"^(?P<sign>[-+])?\s*" + _NUM + r"\s*(?P<pct>%)?$"
_PLAIN_INT = r"^\d{1,15}$"
_PLAIN_DECIMAL = r"^\d{1,15}(\.\d+)?$"


@dataclass
class Parsed:
    """Typed values (missing where empty or bad) and the reasons for the bad cells.

    `errors` is indexed by the bad cells' index only, so a clean column costs nothing.
    """

    values: pd.Series
    errors: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))

    @property
    def bad(self) -> pd.Series:
        """True where the cell could not be read."""
        return pd.Series(self.values.index.isin(self.errors.index), index=self.values.index)


# --- shared helpers -----------------------------------------------------------------------


def text(raw: pd.Series) -> pd.Series:
    """Trimmed text; empty cells become missing."""
    s = raw if raw.dtype == "str" else raw.astype("str")
    s = s.str.strip()
    return s.mask(s == "")


def _arrow(s: pd.Series) -> pa.Array:
    arr = pa.array(s.array, type=pa.large_string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _matches(s: pd.Series, pattern: str) -> np.ndarray:
    """Boolean array: cell present and matching the regex (False where missing)."""
    hit = pc.match_substring_regex(_arrow(s), pattern)
    return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)


def _cast_plain(s: pd.Series, where: np.ndarray, to: pa.DataType) -> np.ndarray:
    """Cast the cells in `where` (already known to be plain numbers) to float64."""
    arr = pc.if_else(pa.array(where), _arrow(s), pa.scalar("0", pa.large_string()))
    return pc.cast(pc.cast(arr, to), pa.float64()).to_numpy(zero_copy_only=False)


def _errors(index: pd.Index, checks: list[tuple[np.ndarray, str]]) -> pd.Series:
    """The first failing check's message per bad cell, indexed by the bad cells."""
    conditions = [c for c, _ in checks]
    if not conditions:
        return pd.Series(dtype="str")
    any_bad = np.logical_or.reduce(conditions)
    if not any_bad.any():
        return pd.Series(dtype="str")
    messages = np.select([c[any_bad] for c in conditions], [m for _, m in checks], default="")
    return pd.Series(messages, index=index[any_bad], dtype="str")


def _number_parts(s: pd.Series, pattern: str) -> pd.DataFrame:
    """Regex groups of the cells (as text, "" for an unmatched optional group) and `value`,
    the number as a float with commas removed; NaN where the cell does not match."""
    found = pc.extract_regex(_arrow(s), pattern)
    matched = np.asarray(found.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    parts = pd.DataFrame(
        {
            name: pd.Series(
                found.field(name).to_numpy(zero_copy_only=False), index=s.index, dtype="str"
            )
            for name in (f.name for f in found.type)
        }
    )
    digits = pc.replace_substring(found.field("num"), ",", "")
    try:
        number = pc.cast(digits, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        number = pd.to_numeric(digits.to_pandas(), errors="coerce").to_numpy(dtype="float64")
    parts["value"] = np.where(matched, number, np.nan)
    return parts


def _zero_words(s: pd.Series, zero_words: Iterable[str]) -> pd.Series:
    words = [w.strip().casefold() for w in zero_words if w.strip()]
    if not words:
        return s
    return s.mask(s.str.casefold().isin(words), "0")


# --- counts -------------------------------------------------------------------------------


def parse_count(raw: pd.Series, zero_words: Iterable[str] = ()) -> Parsed:
    """Whole numbers ≥ 0: "12345", "12,345", "12.3K", "1.6M", "2B"; zero words read as 0."""
    s = _zero_words(text(raw), zero_words)
    present = s.notna().to_numpy()
    plain = _matches(s, _PLAIN_INT)
    values = np.where(plain, _cast_plain(s, plain, pa.int64()), np.nan)
    slow = present & ~plain
    not_number = np.zeros(len(s), dtype=bool)
    negative = np.zeros(len(s), dtype=bool)
    if slow.any():
        parts = _number_parts(s[slow], _COUNT_RE)
        mult = parts["suffix"].str.upper().fillna("").map(_MULTIPLIERS).astype("float64")
        number = (parts["value"] * mult).to_numpy(dtype="float64", na_value=np.nan)
        neg = (parts["sign"] == "-").fillna(False).to_numpy(dtype=bool) & (number != 0)
        values[slow] = np.where(neg, -number, number)
        not_number[slow] = np.isnan(number)
        negative[slow] = neg
    rounded = np.round(values)
    fraction = present & ~np.isnan(values) & (np.abs(values - rounded) > 1e-6)
    too_large = present & ~np.isnan(values) & (np.abs(values) >= MAX_COUNT)
    errors = _errors(
        s.index,
        [
            (not_number, MSG_COUNT_NOT_NUMBER),
            (negative, MSG_COUNT_NEGATIVE),
            (fraction, MSG_COUNT_FRACTION),
            (too_large, MSG_COUNT_TOO_LARGE),
        ],
    )
    good = ~np.isnan(values) & ~negative & ~fraction & ~too_large
    out = pd.array(np.where(good, rounded, 0).astype("int64"), dtype="Int64")
    out[~good] = pd.NA
    return Parsed(pd.Series(out, index=s.index), errors)


# --- money --------------------------------------------------------------------------------


def _currency_of(symbol: str) -> tuple[str, ...]:
    """The currencies a written symbol or code can stand for (empty when not money)."""
    symbol = symbol.strip().upper()
    if symbol in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[symbol]
    if len(symbol) == 3 and symbol.isalpha():
        return (symbol,)
    return ()


def _other_currency_message(symbol: str, currency: str) -> str:
    codes = _currency_of(symbol)
    name = "/".join(codes) if codes else symbol
    written = name if name == symbol.upper() else f"{name} ({symbol})"
    return (
        f"this amount is in {written} but this database reports in {currency}. "
        f"Convert it to {currency} and write it without the {symbol}."
    )


def parse_money(raw: pd.Series, currency: str = "USD") -> Parsed:
    """Amounts ≥ 0, rounded to cents; a symbol or code must match `currency`."""
    s = text(raw)
    present = s.notna().to_numpy()
    plain = _matches(s, _PLAIN_DECIMAL)
    values = np.where(plain, _cast_plain(s, plain, pa.float64()), np.nan)
    slow = present & ~plain
    checks: list[tuple[np.ndarray, str]] = []
    negative = np.zeros(len(s), dtype=bool)
    if slow.any():
        parts = _number_parts(s[slow], _MONEY_RE)
        symbol = (parts["pre"].fillna("") + parts["post"].fillna("")).str.strip()
        number = parts["value"].to_numpy(dtype="float64", na_value=np.nan)
        sign = (parts["sign"].fillna("") + parts["sign2"].fillna("")).str.contains("-")
        neg = sign.to_numpy(dtype=bool) & (number != 0)
        not_number = np.isnan(number)
        bad_symbol = np.zeros(len(parts), dtype=bool)
        for sym in symbol[~not_number & (symbol != "").to_numpy()].unique():
            codes = _currency_of(sym)
            where = (symbol == sym).to_numpy()
            if not codes:
                not_number |= where
            elif currency.upper() not in codes:
                bad_symbol |= where
                checks.append((_spread(slow, where), _other_currency_message(sym, currency)))
        values[slow] = np.where(neg, -number, number)
        values[_spread(slow, not_number | bad_symbol)] = np.nan
        negative[slow] = neg & ~bad_symbol & ~not_number
        checks.insert(0, (_spread(slow, not_number), MSG_MONEY_NOT_NUMBER))
    too_large = present & ~np.isnan(values) & (np.abs(values) >= 1e16)
    checks += [(negative, MSG_MONEY_NEGATIVE), (too_large, MSG_MONEY_TOO_LARGE)]
    good = ~np.isnan(values) & ~negative & ~too_large
    out = pd.Series(np.where(good, np.round(values, 2), np.nan), index=s.index, dtype="float64")
    return Parsed(out, _errors(s.index, checks))


def _spread(where: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """A full-length mask from a mask over the cells selected by `where`."""
    full = np.zeros(len(where), dtype=bool)
    full[where] = sub
    return full


# --- rates --------------------------------------------------------------------------------


def parse_rate(raw: pd.Series) -> Parsed:
    """Rates 0..1: "8%" reads as 0.08, "0.08" as 0.08; "8" is out of range."""
    s = text(raw)
    present = s.notna().to_numpy()
    parts = _number_parts(s[present], _RATE_RE) if present.any() else None
    values = np.full(len(s), np.nan)
    if parts is not None:
        number = parts["value"].to_numpy(dtype="float64", na_value=np.nan)
        number = np.where((parts["pct"] == "%").to_numpy(dtype=bool), number / 100, number)
        number = np.where(
            (parts["sign"] == "-").fillna(False).to_numpy(dtype=bool), -number, number
        )
        values[present] = number
    not_number = present & np.isnan(values)
    out_of_range = present & ~np.isnan(values) & ((values < 0) | (values > 1))
    good = ~np.isnan(values) & ~out_of_range
    out = pd.Series(np.where(good, np.round(values, 6), np.nan), index=s.index, dtype="float64")
    errors = _errors(s.index, [(not_number, MSG_RATE_NOT_NUMBER), (out_of_range, MSG_RATE_RANGE)])
    return Parsed(out, errors)


# --- dates --------------------------------------------------------------------------------


def _date_words(date_format: str | None, with_time: bool) -> str:
    if date_format:
        return f'a date written as "{date_format}" (the format this import names)'
    return "a date like 2025-03-31" + (" or 2025-03-31 14:30" if with_time else "")


def _to_datetime(s: pd.Series, date_format: str | None) -> pd.Series:
    if not date_format:
        stamps = pd.to_datetime(s, format="ISO8601", errors="coerce", utc=True)
        return stamps.dt.tz_convert(None)
    stamps = pd.to_datetime(s, format=date_format, errors="coerce")
    for extra in (" %H:%M:%S", " %H:%M", "T%H:%M:%S"):
        missing = stamps.isna() & s.notna()
        if not missing.any():
            break
        stamps[missing] = pd.to_datetime(s[missing], format=date_format + extra, errors="coerce")
    return stamps


def parse_datetime(raw: pd.Series, date_format: str | None = None) -> Parsed:
    """ISO 8601 dates or date-times (offsets converted to UTC); another format if named."""
    s = text(raw)
    stamps = _to_datetime(s, date_format)
    bad = (s.notna() & stamps.isna()).to_numpy()
    message = f"this is not a date or time. Write {_date_words(date_format, True)}."
    return Parsed(stamps, _errors(s.index, [(bad, message)]))


def parse_date(raw: pd.Series, date_format: str | None = None) -> Parsed:
    """ISO 8601 dates (a midnight time is allowed: spreadsheets add one)."""
    s = text(raw)
    stamps = _to_datetime(s, date_format)
    not_date = (s.notna() & stamps.isna()).to_numpy()
    has_time = (stamps.notna() & (stamps != stamps.dt.normalize())).to_numpy()
    stamps = stamps.mask(pd.Series(has_time, index=s.index)).dt.normalize()
    errors = _errors(
        s.index,
        [
            (not_date, f"this is not a date. Write {_date_words(date_format, False)}."),
            (has_time, "this column takes a date without a time of day. Write the date only."),
        ],
    )
    return Parsed(stamps, errors)


# --- booleans and text --------------------------------------------------------------------


def parse_bool(raw: pd.Series) -> Parsed:
    """true/false, yes/no, 1/0 in any case; empty is missing."""
    s = text(raw)
    folded = s.str.casefold()
    values = pd.Series(pd.NA, index=s.index, dtype="boolean")
    values[folded.isin(_TRUE).to_numpy()] = True
    values[folded.isin(_FALSE).to_numpy()] = False
    bad = (s.notna() & values.isna()).to_numpy()
    return Parsed(values, _errors(s.index, [(bad, MSG_BOOL)]))


def parse_text(raw: pd.Series) -> Parsed:
    """Trimmed text; empty is missing."""
    return Parsed(text(raw))


def parse_choice(raw: pd.Series, allowed: Iterable[str]) -> Parsed:
    """One of the allowed words, in any case; stored lower-case."""
    choices = tuple(allowed)
    s = text(raw).str.lower()
    bad = (s.notna() & ~s.isin(choices)).to_numpy()
    message = f"this is not one of the allowed values: {', '.join(choices)}. Use one of those."
    return Parsed(s.mask(pd.Series(bad, index=s.index)), _errors(s.index, [(bad, message)]))


def parse_as(
    kind: str,
    raw: pd.Series,
    *,
    currency: str = "USD",
    zero_words: Iterable[str] = (),
    date_format: str | None = None,
) -> Parsed:
    """Parse a column of the given contract kind (see contract.SQL_TYPES)."""
    if kind == "integer":
        return parse_count(raw, zero_words)
    if kind == "money":
        return parse_money(raw, currency)
    if kind == "rate":
        return parse_rate(raw)
    if kind == "date":
        return parse_date(raw, date_format)
    if kind == "datetime":
        return parse_datetime(raw, date_format)
    if kind == "boolean":
        return parse_bool(raw)
    if kind == "text":
        return parse_text(raw)
    raise ValueError(f"unknown value kind: {kind}")
