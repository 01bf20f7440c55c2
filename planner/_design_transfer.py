"""A design run in a process of its own sends its result back in a lighter form.

The designed plan differs from the plan the window already holds only in its customers'
territory column (and its territories, settings, calendar flag and meta, all small). Its
whole customer table (22 MB pickled at 100,000 customers) took seconds to pickle, send and
read back after "Design finished.", with the window waiting at 100 %. :func:`design_light`
(run in the child) sends the result with an empty customer table and the territory column;
:func:`restore_design` (in the window) rebuilds the designed plan from the window's own
plan, equal to the one designed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._design_result import DesignResult
from planner.design import design_territories


@dataclass(frozen=True)
class LightDesign:
    """A :class:`DesignResult` whose plan's customers are left out but for ``territory``."""

    result: DesignResult  # its plan's customers: no rows, the same columns
    territory: np.ndarray  # the designed plan's territory column, customer by customer


def _only_territory_changed(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    if type(before) is not type(after) or list(before.columns) != list(after.columns):
        return False
    if not before.index.equals(after.index) or not before.dtypes.equals(after.dtypes):
        return False
    if getattr(before, "crs", None) != getattr(after, "crs", None):
        return False
    return all(before[c].equals(after[c]) for c in before.columns if c != m.TERRITORY)


def lighten(plan: m.Plan, result: DesignResult) -> DesignResult | LightDesign:
    """``result`` in its lighter form, or as it is when more than the territories changed."""
    customers = result.plan.customers
    if not _only_territory_changed(plan.customers, customers):
        return result
    empty = customers.iloc[:0]
    return LightDesign(result=dataclasses.replace(result, plan=result.plan.replace(
        customers=empty)), territory=customers[m.TERRITORY].to_numpy(dtype=object))


def restore_design(plan: m.Plan, sent: DesignResult | LightDesign) -> DesignResult:
    """The designed result from what :func:`design_light` sent and the plan it designed."""
    if isinstance(sent, DesignResult):
        return sent
    customers = plan.customers.copy()
    customers[m.TERRITORY] = sent.territory
    result = sent.result
    return dataclasses.replace(result, plan=result.plan.replace(customers=customers))


def design_light(plan: m.Plan, *, progress: Any = None, **options: Any
                 ) -> DesignResult | LightDesign:
    """:func:`~planner.design.design_territories` with its result in the lighter form."""
    return lighten(plan, design_territories(plan, progress=progress, **options))
