"""A small customer list in two towns, written as a workbook, for the update tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner import model as m
from planner.frequency import apply_frequency_rules
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers

HEADERS = ["顧客コード", "顧客名", "住所", "緯度", "経度", "ランク", "訪問頻度", "担当"]


def rows() -> list[list[object]]:
    """Twelve customers of 山田 around Shinjuku and twelve of 佐藤 around Omiya."""
    out: list[list[object]] = []
    for k in range(12):
        out.append([f"S{k:03d}", f"新宿商店{k}", f"東京都新宿区西新宿{k + 1}丁目1-1",
                    35.69 + 0.004 * (k % 4), 139.69 + 0.005 * (k // 4), "AB"[k % 2], "", "山田"])
    for k in range(12):
        out.append([f"O{k:03d}", f"大宮商店{k}", f"埼玉県さいたま市大宮区桜木町{k + 1}丁目1-1",
                    35.90 + 0.004 * (k % 4), 139.62 + 0.005 * (k // 4), "BC"[k % 2], "", "佐藤"])
    return out


def write(path: Path, data: list[list[object]], headers: list[str] = HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in data:
        ws.append(row)
    wb.save(path)
    return path


def plan_from(path: Path, *, calendar: bool = False) -> m.Plan:
    plan = read_customers(path).to_plan()
    plan = apply_frequency_rules(plan, by_rank={"A": 4, "B": 2, "C": 1})
    if calendar:
        plan = build_schedule(plan, weeks=4)
    return plan


