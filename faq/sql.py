"""What SQLite and PostgreSQL spell differently: seconds since 1970, inequality with
nulls, and the median.

The spellings take the database's vendor ("sqlite", "postgresql") rather than asking
the connection, so that SQL text can be written where there is none: in a migration,
or rendered into a file.
"""

import statistics
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias

# What a raw statement takes as parameters and gives back in its rows.
SqlValue: TypeAlias = (
    bool | int | float | Decimal | str | bytes | date | datetime | uuid.UUID | None
)
SqlParams: TypeAlias = dict[str, SqlValue]
SqlRow: TypeAlias = tuple[SqlValue, ...]


def epoch_sql(vendor: str, column: str) -> str:
    """Seconds since 1970 of a timestamp column, as a float, on either database."""
    if vendor == "postgresql":
        # date_part gives a float; EXTRACT gives a numeric, several times slower.
        return f"date_part('epoch', {column})"
    # Whole seconds (rounded, julianday is off by microseconds), plus the
    # ".ffffff" Django writes after them: exact to the microsecond.
    return (
        f"(ROUND((julianday(substr({column}, 1, 19)) - 2440587.5) * 86400.0)"
        f" + CAST(substr({column}, 20) AS REAL))"
    )


def differ_sql(vendor: str, a: str, b: str) -> str:
    """Whether two SQL values differ, null counting as a value of its own."""
    if vendor == "postgresql":
        return f"({a} IS DISTINCT FROM {b})"
    return f"({a} IS NOT {b})"


class _Median:
    """The median of the non-null values, as PostgreSQL's percentile_cont(0.5) gives it."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def sqlite_functions_add(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection median(): SQLite has no percentile aggregate, and
    ranking the values with a window sorts them several times slower than Python does."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("median", 1, _Median)
