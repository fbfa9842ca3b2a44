"""Charts of the annual follow-up: one indicator's figures over the years.

``indicator_chart`` draws an ``IndicatorStatus`` as a matplotlib ``Figure`` for a notebook;
``chart_png`` renders the same chart as PNG bytes at print quality, as the board's status
report (``delaftale.word.status``) embeds it. The chart shows the figures as a line with
each point labelled in Danish notation ("63,5 %"), the baseline as a point at its year and a
dotted line across, the comparison (*evt. anden baseline*) dashed, and the target as a star
at its year. Only numbers the data holds are drawn or written.

This is the only module that imports matplotlib, and it does so inside the functions, so
``import delaftale.charts`` stays cheap. The figures are built on ``Figure`` with the Agg
canvas directly: pyplot's global state (its figure registry, its backend) is never touched.
"""

from __future__ import annotations

import io
import math
import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from delaftale.danish import format_decimal
from delaftale.followup import IndicatorStatus, Observation
from delaftale.model import Unit
from delaftale.options import Language, check_option

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["chart_png", "has_chart", "indicator_chart"]

_CM = 1 / 2.54
_HEIGHT_RATIO = 0.52
"""The chart's height as a share of its width: 15 cm wide is 7,8 cm high."""

# Colours that survive a black-and-white printer as different greys, and line styles that
# tell the lines apart without colour at all.
_SERIES = "#1f4e79"
_BASELINE = "#595959"
_COMPARISON = "#c55a11"
_TARGET = "#2e7d32"
_GRID = "#d9d9d9"

_TITLE_CHARS = 66
"""Characters of the title per line at 10 pt on a 15 cm chart; two lines at most."""

_WORDS = {
    "da": {
        "figures": "Årets tal",
        "baseline": "Baseline",
        "comparison": "Sammenligning",
        "target": "Mål",
        "by": "i",
        "count": "Antal",
        "no_figures": "Ingen tal endnu",
        "left_out": "Ikke vist (anden enhed end baseline)",
    },
    "en": {
        "figures": "Figures",
        "baseline": "Baseline",
        "comparison": "Comparison",
        "target": "Target",
        "by": "by",
        "count": "Number",
        "no_figures": "No figures yet",
        "left_out": "Not shown (another unit than the baseline)",
    },
}


class _Point(NamedTuple):
    year: int
    value: Decimal


class _Series(NamedTuple):
    unit: Unit | None
    points: list[_Point]
    left_out: list[int]
    """Years whose figure is in another unit than the chart's, so not drawn."""


def _stated(observation: Observation, unit: Unit | None) -> tuple[Decimal, Unit | None]:
    """The figure an observation states and its unit (a bare value is in the baseline's)."""
    if observation.value is not None:
        return observation.value, observation.unit or unit
    assert observation.count is not None  # an Observation has a value or a count
    return Decimal(observation.count), Unit.COUNT


def _series(status: IndicatorStatus) -> _Series:
    """The figures to draw: those in the chart's unit, which is the baseline's if known.

    Without a baseline figure the unit is the latest figure's.
    """
    unit = status.unit
    if status.baseline is None and status.figures:
        unit = _stated(status.figures[-1], unit)[1]
    points: list[_Point] = []
    left_out: list[int] = []
    for observation in status.figures:
        value, stated = _stated(observation, status.unit)
        if stated is unit:
            points.append(_Point(observation.year, value))
        else:
            left_out.append(observation.year)
    return _Series(unit, points, left_out)


def has_chart(status: IndicatorStatus) -> bool:
    """Whether the indicator has figures to draw (a chart per indicator *with data*)."""
    return bool(_series(status).points)


def _shown(value: Decimal, unit: Unit | None) -> str:
    """A figure in Danish notation, with its percent sign: ``"63,5 %"``, ``"1.234"``."""
    text = format_decimal(value)
    return f"{text} %" if unit is Unit.PERCENT else text


def _tick(value: float, unit: Unit | None) -> str:
    # A tick is a float the locator chose (62.5, 65.0): shown without trailing zeros.
    exact = Decimal(f"{value:.6f}").normalize()
    if exact == 0:
        exact = Decimal(0)
    return _shown(exact, unit)


def _title(description: str, chars: int) -> str:
    """The description on two lines at most, cut at a word with "…" when longer."""
    lines = textwrap.wrap(" ".join(description.split()), chars)
    if len(lines) > 2:
        second = textwrap.shorten(" ".join(lines[1:]), chars - 1, placeholder="")
        lines = [lines[0], second.rstrip(" ,;:–-") + " …"]
    return "\n".join(lines)


def _limits(values: list[Decimal], unit: Unit | None) -> tuple[float, float]:
    """The y range: the values with room above for the labels, never below zero."""
    low, high = float(min(values)), float(max(values))
    span = high - low
    if span == 0:
        span = max(abs(high) * 0.2, 1.0)
    bottom = max(low - span * 0.3, 0.0)
    top = high + span * 0.35
    if unit is Unit.PERCENT and high <= 100:
        top = min(top, 100.0)
    return bottom, top


def _year_ticks(first: int, last: int) -> list[int]:
    step = max(1, math.ceil((last - first + 1) / 12))
    return list(range(first, last + 1, step))


def indicator_chart(status: IndicatorStatus, *, lang: Language = "da") -> Figure:
    """The indicator's figures over the years as a matplotlib ``Figure``, for a notebook.

    A line with a marker and a label per year ("63,5 %"), the baseline as a diamond at its
    year with a dotted line across ("Baseline 61,21 % (2023)"), the comparison dashed
    ("Sammenligning 68,45 %", taken to be in the baseline's unit) and the target as a star
    at its year ("Mål 70 % i 2029"). The y axis is in the baseline's unit with decimal commas
    (a percent sign for percentages); the x axis has whole years. Figures in another unit
    than the baseline's are left out and named under the chart. ``lang="en"`` gives English
    legend words; numbers stay in Danish notation. The figure is 15 cm wide; it is not
    registered with pyplot, so a notebook shows it by evaluating it (or ``display(fig)``).
    """
    check_option("lang", lang, Language)
    return _draw(status, lang, 15.0, 100)


def chart_png(
    status: IndicatorStatus, *, lang: Language = "da", dpi: int = 200, width_cm: float = 15.0
) -> bytes:
    """The chart of ``indicator_chart`` as PNG bytes, ``width_cm`` wide at ``dpi``.

    Print quality by default (200 dpi, 15 cm: 1181 pixels wide); the PNG states its
    resolution (pHYs), so Word and LibreOffice place it at its size. The same status gives
    the same bytes: the PNG holds no time stamp or software name. The picture is stored with
    a palette of 256 colours, which loses nothing a chart of five colours shows and keeps
    it a third of the size.
    """
    check_option("lang", lang, Language)
    if type(dpi) is not int or not 50 <= dpi <= 1200:
        raise ValueError(f"dpi must be a whole number from 50 to 1200, not {dpi!r}")
    if type(width_cm) not in (int, float) or not 3 <= width_cm <= 50:
        raise ValueError(f"width_cm must be from 3 to 50 (centimetres), not {width_cm!r}")
    from PIL import Image

    figure = _draw(status, lang, float(width_cm), dpi)
    raw = io.BytesIO()
    figure.savefig(raw, format="raw", dpi=dpi)  # RGBA, width x height, no metadata
    width, height = figure.canvas.get_width_height(physical=True)
    rgb = Image.frombuffer("RGBA", (width, height), raw.getvalue()).convert("RGB")
    picture = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    # The quantizer averages its colours, which turns the white page a shade of grey (254).
    palette = picture.getpalette() or []
    picture.putpalette(
        [
            255 if value >= 250 and min(palette[i - i % 3 : i - i % 3 + 3]) >= 250 else value
            for i, value in enumerate(palette)
        ]
    )
    out = io.BytesIO()
    picture.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _draw(status: IndicatorStatus, lang: Language, width_cm: float, dpi: int) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    words = _WORDS[lang]
    series = _series(status)
    unit = series.unit
    width = width_cm * _CM
    figure = Figure(figsize=(width, width * _HEIGHT_RATIO), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()

    years = [p.year for p in series.points]
    values = [p.value for p in series.points]
    if series.points:
        axes.plot(
            years,
            [float(v) for v in values],
            color=_SERIES,
            linewidth=2,
            marker="o",
            markersize=5,
            label=words["figures"],
            zorder=4,
        )
        for n, point in enumerate(series.points):
            # A label goes above its point, but under a dip, where the line leaves upwards.
            dip = 0 < n < len(values) - 1 and values[n - 1] > point.value < values[n + 1]
            axes.annotate(
                _shown(point.value, unit),
                (point.year, float(point.value)),
                xytext=(0, -7 if dip else 7),
                textcoords="offset points",
                ha="center",
                va="top" if dip else "bottom",
                fontsize=8,
                color=_SERIES,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                annotation_clip=False,
                zorder=5,
            )

    # The baseline, the comparison and the target, each drawn only in the chart's unit.
    if status.baseline is not None:  # then the chart's unit is the baseline's
        label = f"{words['baseline']} {_shown(status.baseline, unit)}"
        if status.baseline_year is not None:
            label += f" ({status.baseline_year})"
            years.append(status.baseline_year)
        axes.axhline(
            float(status.baseline),
            color=_BASELINE,
            linewidth=1,
            linestyle=":",
            zorder=2,
            label=label if status.baseline_year is None else None,
        )
        if status.baseline_year is not None:
            axes.plot(
                [status.baseline_year],
                [float(status.baseline)],
                color=_BASELINE,
                linewidth=1,
                linestyle=":",
                marker="D",
                markersize=5,
                label=label,
                zorder=3,
            )
        values.append(status.baseline)
    if status.comparison is not None and status.unit is not None and status.unit is unit:
        axes.axhline(
            float(status.comparison),
            color=_COMPARISON,
            linewidth=1.2,
            linestyle="--",
            label=f"{words['comparison']} {_shown(status.comparison, unit)}",
            zorder=2,
        )
        values.append(status.comparison)
    target = status.target
    if target is not None and (target.unit or status.unit) is unit:
        label = f"{words['target']} {_shown(target.value, unit)}"
        if target.year is not None:
            label += f" {words['by']} {target.year}"
            years.append(target.year)
            axes.plot(
                [target.year],
                [float(target.value)],
                color=_TARGET,
                marker="*",
                markersize=10,
                linestyle="none",
                label=label,
                zorder=4,
            )
        else:
            axes.axhline(
                float(target.value),
                color=_TARGET,
                linewidth=1.2,
                linestyle="-.",
                label=label,
                zorder=2,
            )
        values.append(target.value)

    if years:
        first, last = min(years), max(years)
        axes.set_xlim(first - 0.5, last + 0.5)
        axes.xaxis.set_major_locator(FixedLocator(_year_ticks(first, last)))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: str(round(x))))
    else:
        axes.set_xticks([])
    if values:
        axes.set_ylim(*_limits(values, unit))
        axes.yaxis.set_major_locator(
            MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=unit is Unit.COUNT)
        )
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _tick(y, unit)))
    else:
        axes.set_yticks([])
    if not series.points:
        axes.text(
            0.5,
            0.5,
            words["no_figures"],
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=10,
            color=_BASELINE,
        )
    if unit is Unit.COUNT:
        axes.set_ylabel(words["count"], fontsize=8)

    axes.tick_params(labelsize=8, length=3, color=_BASELINE)
    axes.grid(axis="y", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(_BASELINE)

    title = _title(status.description, max(20, int(_TITLE_CHARS * width_cm / 15)))
    title_lines = title.count("\n") + 1
    # Placed by hand: an axes title is placed by measuring every tick label first.
    figure.text(0.09, 1 - 8 / (width * _HEIGHT_RATIO * 72), title, fontsize=10, va="top", ha="left")

    handles, labels = axes.get_legend_handles_labels()
    notes = []
    if series.left_out:
        notes.append(f"{words['left_out']}: {', '.join(map(str, series.left_out))}")
    _layout(figure, width, title_lines, len(handles), len(notes), counted=unit is Unit.COUNT)
    if handles:
        figure.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.09, 0.02 + (0.05 if notes else 0.0)),
            ncol=min(len(handles), 2),
            fontsize=8,
            frameon=False,
            handlelength=2.5,
            columnspacing=2.0,
        )
    for note in notes:
        figure.text(0.09, 0.02, note, fontsize=7.5, style="italic", color=_BASELINE)
    return figure


def _layout(
    figure: Figure, width: float, title_lines: int, entries: int, notes: int, *, counted: bool
) -> None:
    """Place the axes by fixed margins in points (a layout engine costs more than the chart)."""
    height_pt = width * _HEIGHT_RATIO * 72
    width_pt = width * 72
    legend_rows = math.ceil(entries / 2)
    top = 10 + 14 * title_lines + 6
    bottom = 22 + 13 * legend_rows + (11 if notes else 0) + 6
    left = 48 if counted else 40
    figure.subplots_adjust(
        left=left / width_pt,
        right=1 - 14 / width_pt,
        top=1 - top / height_pt,
        bottom=bottom / height_pt,
    )
