"""Why an address search left a customer without a position, in words for the manager: the
notes :mod:`planner.geocode` gives a customer whose look-up failed (offline, refused, timed
out, rejected)."""

from __future__ import annotations

from planner._geocode_types import LookupFailure
from planner.i18n import tr


def failure_reason(failure: LookupFailure, retries: int) -> str:
    """A customer's note when its look-up failed after ``retries`` retries."""
    if failure.kind == "unreachable":
        return unreachable_reason()
    if failure.kind == "refused":
        return refused_reason(failure.detail)
    if failure.kind == "rejected":
        return tr("The address search did not accept this address ({detail}), so its "
                  "position could not be found.", detail=failure.detail)
    if failure.kind == "timeout":
        return tr("The address search did not answer in time ({n} attempt(s)), so the "
                  "position could not be found.", n=retries + 1)
    return tr("The address search failed ({n} attempt(s): {detail}), so the position could "
              "not be found.", n=retries + 1, detail=failure.detail)


def unreachable_reason() -> str:
    """A customer's note when the address search cannot be reached (offline)."""
    return tr("The address search cannot be reached, so the position could not be found "
              "(check the internet connection, then look the addresses up again).")


def refused_reason(detail: str) -> str:
    """A customer's note when the search refused access (an API key, a usage limit)."""
    return tr("The address search refused access ({detail}), so the position could not be "
              "found; check the API key or the usage limit.", detail=detail)
