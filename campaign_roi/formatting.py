"""How numbers read on screen and in the terminal. "No value" is always an em dash."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Number
from typing import Any

import pandas as pd

NO_VALUE = "—"
CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
}


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA: the "no value" of METRICS.md."""
    if value is None or value is pd.NA:  # NA != NA is NA, which has no truth value
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def money(value: Any, currency: str = "USD", decimals: int = 2) -> str:
    return NO_VALUE if is_missing(value) else money_text(currency, decimals)(float(value))


def money_text(currency: str = "USD", decimals: int = 2) -> Callable[[float], str]:
    """How an amount (a float, not missing) reads: "-$1,234.50", "1,234.50 XYZ"."""
    symbol, spec = CURRENCY_SYMBOLS.get(currency), f",.{decimals}f"
    if symbol:
        return lambda a: f"-{symbol}{-a:{spec}}" if a < 0 else f"{symbol}{abs(a):{spec}}"
    return lambda a: f"-{-a:{spec}} {currency}" if a < 0 else f"{abs(a):{spec}} {currency}"


def texts(values: Iterable[Any], text: Callable[[float], str]) -> list[str]:
    """A table column's cells: text(value) of each value as a float (money_text,
    count_text, ...), "no value" for a missing one. A float is checked first, so a
    column reads about twice as fast as calling money() and the like per cell."""
    out = []
    for value in values:
        if type(value) is float:
            out.append(NO_VALUE if value != value else text(value))
        elif is_missing(value):
            out.append(NO_VALUE)
        else:
            out.append(text(float(value)))
    return out


def money_compact(value: Any, currency: str = "USD", decimals: int = 2) -> str:
    """Money that fits a card: in full below 100,000, else three significant digits with
    k, M or B ("$123k", "$1.05M", "$12.3M")."""
    if is_missing(value):
        return NO_VALUE
    amount = float(value)
    if abs(amount) < 100_000:
        return money(amount, currency, decimals)
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "-" if amount < 0 else ""
    body = _three_digits(abs(amount))
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


def _three_digits(magnitude: float) -> str:
    """A magnitude from 1,000 up in three significant digits with k, M or B."""
    # 999,500 would read "1000k": it moves up to "1.00M" (and likewise to B)
    if magnitude >= 999.5e6:
        divisor, suffix = 1e9, "B"
    elif magnitude >= 999.5e3:
        divisor, suffix = 1e6, "M"
    else:
        divisor, suffix = 1e3, "k"
    scaled = magnitude / divisor
    digits = 2 if scaled < 9.995 else 1 if scaled < 99.95 else 0
    return f"{scaled:.{digits}f}{suffix}"


def count(value: Any) -> str:
    return NO_VALUE if is_missing(value) else count_text(float(value))


def count_text(amount: float) -> str:
    return f"{int(round(amount)):,}"


def count_compact(value: Any) -> str:
    """A count that fits a card: in full below ten million ("1,669,501"), else three
    significant digits with M or B ("1.33B", "-309M")."""
    if is_missing(value):
        return NO_VALUE
    amount = float(value)
    if abs(amount) < 10_000_000:
        return count(amount)
    return f"{'-' if amount < 0 else ''}{_three_digits(abs(amount))}"


def percent(value: Any, decimals: int = 1) -> str:
    """0.0523 -> '5.2%'."""
    return NO_VALUE if is_missing(value) else percent_text(decimals)(float(value))


def percent_text(decimals: int = 1) -> Callable[[float], str]:
    return lambda a: f"{a * 100:.{decimals}f}%"


def multiple(value: Any, decimals: int = 2) -> str:
    """2.345 -> '2.35×'."""
    return NO_VALUE if is_missing(value) else multiple_text(decimals)(float(value))


def multiple_text(decimals: int = 2) -> Callable[[float], str]:
    return lambda a: f"{a:.{decimals}f}×"


def as_json_value(value: Any) -> Any:
    """Plain JSON types; no value -> None."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Number) and not isinstance(value, int):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
