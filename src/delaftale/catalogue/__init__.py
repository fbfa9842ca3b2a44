"""Reference data shipped with the package: LBF's sub-goals and national goals.

LBF's sub-goals per focus area and regulation, and the government's 10 goals for social
mobility (2016).

Sub-goals (``goals``) and plans (``national_goals``)
refer to these goals by ``id``; validation reports ids it does not know.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files

from attrs import frozen

from delaftale.model import FocusArea, Regulativ

__all__ = ["Goal", "all_goals", "goal", "lbf_goals", "social_mobility_goals"]


@frozen(kw_only=True)
class Goal:
    """A goal from a catalogue: an LBF sub-goal of a focus area, or a national goal."""

    id: str
    """Stable reference, e.g. ``"lbf-2019:beskaeftigelse:1"`` or ``"social-mobility-2016:2"``."""
    title: str
    """The goal in Danish, as its source words it."""
    framework: str
    """``"lbf-2019"`` or ``"social-mobility-2016"``."""
    focus_area: FocusArea | None = None
    """For an LBF sub-goal, its focus area."""
    regulativ: Regulativ | None = None
    """For an LBF sub-goal, its regulation."""
    number: int | None = None
    """For a numbered national goal, its number (1-10)."""


def _load(name: str) -> dict[str, object]:
    text = files("delaftale.catalogue").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


@functools.cache
def lbf_goals() -> tuple[Goal, ...]:
    """LBF's sub-goals per focus area (those the seed documents show), in catalogue order."""
    goals = []
    for block in _load("lbf_goals.json")["regulativer"]:  # type: ignore[attr-defined]
        regulativ = Regulativ(block["regulativ"])
        for area in block["areas"]:
            for item in area["goals"]:
                goals.append(
                    Goal(
                        id=item["id"],
                        title=item["title"],
                        framework=f"lbf-{regulativ.value}",
                        focus_area=FocusArea(area["focus_area"]),
                        regulativ=regulativ,
                    )
                )
    return tuple(goals)


@functools.cache
def social_mobility_goals() -> tuple[Goal, ...]:
    """The government's 10 goals for social mobility, May 2016, in order."""
    return tuple(
        Goal(
            id=item["id"],
            title=item["title"],
            framework="social-mobility-2016",
            number=item["number"],
        )
        for item in _load("social_mobility_2016.json")["goals"]  # type: ignore[attr-defined]
    )


def all_goals() -> tuple[Goal, ...]:
    """Every goal of every catalogue."""
    return (*lbf_goals(), *social_mobility_goals())


def goal(goal_id: str) -> Goal | None:
    """The goal with this id, or ``None``."""
    return _by_id().get(goal_id)


@functools.cache
def _by_id() -> dict[str, Goal]:
    return {g.id: g for g in all_goals()}
