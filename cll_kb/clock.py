"""Today's date, read in one place so that the whole program — and its tests — agree on it.

Review dates are judged against it: a date in the future is an error, one older than the review
interval a warning, and an overdue page says so. `CLLKB_TODAY=YYYY-MM-DD` sets it, so tests do
not change with the calendar and a curator can see what will be overdue by a later date.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import UsageError

ENV = "CLLKB_TODAY"


def today() -> dt.date:
    """The real date, or CLLKB_TODAY when it is set."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{ENV}={value!r} is not a date written YYYY-MM-DD") from None
