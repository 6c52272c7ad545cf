"""Packages to push: demo assessments of several units and cycles, written as .npma files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from npmassess.demo import build_demo
from npmassess.exchange import packages

UNITS = [("Valmora City", "North Office"), ("Valmora City", "South Office"), ("Port Lune", "Pensions")]


def make_assessment(fw, org, unit, cycle, seed=1):
    a = build_demo(fw, seed=seed)
    return replace(a, organisation=org, unit=unit, cycle=cycle)


def write_package(folder: Path, a, fw, name: str | None = None) -> Path:
    path = Path(folder) / (name or f"{a.unit.replace(' ', '_')}-{a.cycle}.npma")
    path.write_bytes(packages.package_bytes(a, fw))
    return path


def unit_packages(folder: Path, fw, cycles=("2025", "2026")) -> dict[tuple[str, str, str], Path]:
    """(organisation, unit, cycle) -> package file, one per unit and cycle."""
    out = {}
    for i, (org, unit) in enumerate(UNITS):
        for j, cycle in enumerate(cycles):
            a = make_assessment(fw, org, unit, cycle, seed=10 * i + j)
            out[(org, unit, cycle)] = write_package(folder, a, fw)
    return out
