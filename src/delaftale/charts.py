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
A report draws a chart per indicator, so a chart is drawn cheaply: as plain lines and texts
on the figure, placed by hand, with no Axes, axis, ticks or Legend (whose machinery cost
several times what the chart draws), and its texts set a line at a time (``_canvas_class``).
Each call draws its own figure; a report's charts share one renderer (``_ChartSession``),
owned by the report and dropped with it, and nothing is kept from one call to the next.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from delaftale.danish import format_figure
from delaftale.followup import IndicatorStatus, Observation
from delaftale.model import Unit
from delaftale.options import Language, check_option

if TYPE_CHECKING:
    from matplotlib.backend_bases import GraphicsContextBase, RendererBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ft2font import LoadFlags
    from matplotlib.text import Text
    from PIL.Image import Image as PILImage

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


def _tick(value: float, unit: Unit | None) -> str:
    # A tick is a float the locator chose (62.5, 65.0): shown without trailing zeros.
    exact = Decimal(f"{value:.6f}").normalize()
    if exact == 0:
        exact = Decimal(0)
    return format_figure(exact, unit)


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
    if unit is Unit.COUNT and top - bottom < 4:
        # Whole ticks for a count: at least four people's room, not 13,5 and 14,5.
        bottom = max((low + high) / 2 - 2, 0.0)
        top = bottom + 4
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

    The figure has no Axes: its lines are ``figure.artists`` and its texts ``figure.texts``,
    each told by its ``gid``: the lines ``"figures"`` (in data coordinates: years and
    values), ``"baseline"``, ``"comparison"``, ``"target"``, ``"grid"``, ``"spines"`` and
    ``"ticks"``; the texts ``"title"``, ``"label"`` (a point's figure), ``"xtick"``,
    ``"ytick"``, ``"ylabel"``, ``"legend"`` and ``"note"``.
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
    a palette of 256 colours, the chart's colours shaded to white (``_palette``), which
    loses nothing a chart of five colours shows and keeps it a third of the size.
    """
    return _ChartSession().png(status, lang=lang, dpi=dpi, width_cm=width_cm)


class _ChartSession:
    """Draws the charts of one report: each as ``chart_png`` would, sharing what repeats.

    The charts are drawn by one renderer, so its pixel buffer is made once and the lines of
    text it sets (``_canvas_class``) are set once for the whole report: the years, the tick
    labels, the legend's words. Each chart is drawn on a cleared buffer, so it is the same,
    byte for byte, as ``chart_png`` draws it alone. The session belongs to its caller (the
    report being written) and is dropped with it: nothing is kept from one report to the next.
    """

    def __init__(self) -> None:
        self._renderer: RendererBase | None = None
        self._key: object = None

    def png(
        self,
        status: IndicatorStatus,
        *,
        lang: Language = "da",
        dpi: int = 200,
        width_cm: float = 15.0,
    ) -> bytes:
        """The chart as ``chart_png`` gives it."""
        check_option("lang", lang, Language)
        if type(dpi) is not int or not 50 <= dpi <= 1200:
            raise ValueError(f"dpi must be a whole number from 50 to 1200, not {dpi!r}")
        if type(width_cm) not in (int, float) or not 3 <= width_cm <= 50:
            raise ValueError(f"width_cm must be from 3 to 50 (centimetres), not {width_cm!r}")
        from PIL import Image

        figure = _draw(status, lang, float(width_cm), dpi, self)
        canvas: Any = figure.canvas  # a FigureCanvasAgg (whose module matplotlib leaves untyped)
        canvas.draw()  # at the figure's own dpi, as savefig would, without its bookkeeping
        width, height = canvas.get_width_height(physical=True)
        rgb = Image.frombytes("RGB", (width, height), canvas.buffer_rgba(), "raw", "RGBX")
        mapping, palette = _palette()
        picture = rgb.quantize(palette=mapping, dither=Image.Dither.NONE)
        picture.putpalette(palette)
        out = io.BytesIO()
        picture.save(out, format="PNG", dpi=(dpi, dpi))
        return out.getvalue()

    def canvas(self, figure: Figure) -> Any:
        """The figure's canvas, drawing with the session's renderer when it fits the figure.

        ``FigureCanvasAgg.draw`` clears the renderer's buffer before it draws; a renderer of
        another size or dpi is replaced, as a canvas replaces its own.
        """
        canvas: Any = _canvas_class()(figure)
        if not hasattr(canvas, "_lastKey"):  # pragma: no cover - a changed matplotlib
            return canvas
        width, height = canvas.get_width_height(physical=True)
        key = width, height, figure.dpi
        if self._renderer is not None and self._key == key:
            canvas.renderer, canvas._lastKey = self._renderer, key
        else:
            self._renderer, self._key = canvas.get_renderer(), key
        return canvas


@functools.cache
def _palette() -> tuple[PILImage, list[int]]:
    """The chart's 256 colours: greys, and each colour of the chart shaded to white.

    Every pixel of a chart is one of its colours over white, or a shade between (the
    antialiased edges), so a palette of those shades holds the picture as it was drawn,
    each pixel within a few levels of its colour; and mapping to a palette made once costs a
    fifth of working one out for every chart. Pillow finds a colour's nearest entry for a
    small box of colours at a time, which would make the white page 252: the entries that
    the page and the chart's own colours go to are stored as those colours exactly. Returns
    the image to map by and the palette to store.
    """
    from PIL import Image

    def rgb(colour: str) -> tuple[int, int, int]:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

    greys, shades = 86, 56
    colours: list[tuple[int, ...]] = [(round(255 * i / (greys - 1)),) * 3 for i in range(greys)]
    for ink in (_SERIES, _COMPARISON, _TARGET):
        colours += [
            tuple(round(c + (255 - c) * i / shades) for c in rgb(ink)) for i in range(shades)
        ]
    flat = [c for colour in colours for c in colour]
    flat += [255] * (768 - len(flat))
    mapping = Image.new("P", (1, 1))
    mapping.putpalette(flat)
    exact = [(255, 255, 255), (0, 0, 0)]
    exact += [rgb(c) for c in (_SERIES, _BASELINE, _COMPARISON, _TARGET, _GRID)]
    row = Image.frombytes("RGB", (len(exact), 1), bytes(c for colour in exact for c in colour))
    found = row.quantize(palette=mapping, dither=Image.Dither.NONE).tobytes()
    for colour, index in zip(exact, found, strict=True):
        flat[3 * index : 3 * index + 3] = colour
    return mapping, flat


# The chart's geometry in points, as matplotlib's own axis and legend would place it.
_TICK = 3.0
"""A tick mark's length."""
_TICK_PAD = 3.5
"""From a tick mark's end to its label."""
_LEGEND_PITCH = 12.05
"""From one legend row's baseline to the next."""


def _draw(
    status: IndicatorStatus,
    lang: Language,
    width_cm: float,
    dpi: int,
    session: _ChartSession | None = None,
) -> Figure:
    """The chart on a figure of its own: lines and texts, placed by hand.

    There is no Axes: the data are drawn through a transform from the data's limits to the
    plot's box on the figure, and the box's spines, gridlines, ticks and legend as plain
    lines and texts. matplotlib's axes, axis and legend machinery (every tick an artist of
    five, every label laid out twice) cost several times what the chart draws.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import Bbox, BboxTransform, ScaledTranslation

    words = _WORDS[lang]
    series = _series(status)
    unit = series.unit
    width = width_cm * _CM
    width_pt, height_pt = width * 72, width * _HEIGHT_RATIO * 72
    figure = Figure(figsize=(width, width * _HEIGHT_RATIO), dpi=dpi, facecolor="white")
    canvas: Any = _canvas_class()(figure) if session is None else session.canvas(figure)
    renderer: RendererBase = canvas.get_renderer()  # the one that draws it, so measures hold

    # What the chart holds, gathered first: the layout depends on it.
    years = [p.year for p in series.points]
    values = [p.value for p in series.points]
    # A legend entry: its label and its line's look (a Line2D's keywords).
    entries: list[tuple[str, dict[str, Any]]] = []
    # Lines across the plot (y and look), and points of their own (x, y and look).
    across: list[tuple[float, dict[str, Any]]] = []
    marks: list[tuple[int, float, dict[str, Any]]] = []
    if series.points:
        entries.append(
            (words["figures"], {"color": _SERIES, "linewidth": 2, "marker": "o", "markersize": 5})
        )
    if status.baseline is not None:  # then the chart's unit is the baseline's
        label = f"{words['baseline']} {format_figure(status.baseline, unit)}"
        style: dict[str, Any] = {"color": _BASELINE, "linewidth": 1, "linestyle": ":"}
        across.append((float(status.baseline), style | {"gid": "baseline", "zorder": 2}))
        if status.baseline_year is not None:
            label += f" ({status.baseline_year})"
            years.append(status.baseline_year)
            style = style | {"marker": "D", "markersize": 5}
            marks.append(
                (
                    status.baseline_year,
                    float(status.baseline),
                    style | {"gid": "baseline", "zorder": 3},
                )
            )
        entries.append((label, style))
        values.append(status.baseline)
    if status.comparison is not None and status.unit is not None and status.unit is unit:
        style = {"color": _COMPARISON, "linewidth": 1.2, "linestyle": "--"}
        across.append((float(status.comparison), style | {"gid": "comparison", "zorder": 2}))
        entries.append((f"{words['comparison']} {format_figure(status.comparison, unit)}", style))
        values.append(status.comparison)
    target = status.target
    if target is not None and (target.unit or status.unit) is unit:
        label = f"{words['target']} {format_figure(target.value, unit)}"
        if target.year is not None:
            label += f" {words['by']} {target.year}"
            years.append(target.year)
            style = {"color": _TARGET, "marker": "*", "markersize": 10, "linestyle": "none"}
            marks.append((target.year, float(target.value), style | {"gid": "target", "zorder": 4}))
        else:
            style = {"color": _TARGET, "linewidth": 1.2, "linestyle": "-."}
            across.append((float(target.value), style | {"gid": "target", "zorder": 2}))
        entries.append((label, style))
        values.append(target.value)

    x_ticks: list[int] = []
    x_low, x_high = 0.0, 1.0  # as an empty matplotlib axes
    if years:
        first, last = min(years), max(years)
        x_low, x_high = first - 0.5, last + 0.5
        x_ticks = _year_ticks(first, last)
    y_ticks: list[float] = []
    y_low, y_high = 0.0, 1.0
    if values:
        y_low, y_high = _limits(values, unit)
        locator = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=unit is Unit.COUNT)
        slack = (y_high - y_low) * 1e-10  # as matplotlib keeps a tick at the very end
        y_ticks = [
            float(y)
            for y in locator.tick_values(y_low, y_high)
            if y_low - slack <= y <= y_high + slack
        ]

    title = _title(status.description, max(20, int(_TITLE_CHARS * width_cm / 15)))
    # Placed by hand: an axes title is placed by measuring every tick label first.
    figure.text(0.09, 1 - 8 / height_pt, title, fontsize=10, va="top", ha="left", gid="title")
    # The y tick labels are measured first: the left margin makes room for the widest.
    y_labels = [
        figure.text(0, 0, _tick(y, unit), fontsize=8, gid="ytick", ha="right", va="center_baseline")
        for y in y_ticks
    ]
    widest = max((_width_pt(t, renderer) for t in y_labels), default=0.0)
    counted = unit is Unit.COUNT
    notes = []
    if series.left_out:
        notes.append(f"{words['left_out']}: {', '.join(map(str, series.left_out))}")
    left, bottom, right, top = _margins(
        title.count("\n") + 1, len(entries), len(notes), widest, counted=counted
    )
    # The plot's box in figure fractions, and where a point (x, y) of the data is in it.
    box_left, box_right = left / width_pt, 1 - right / width_pt
    box_bottom, box_top = bottom / height_pt, 1 - top / height_pt

    def fig_x(x: float) -> float:
        return box_left + (x - x_low) / (x_high - x_low) * (box_right - box_left)

    def fig_y(y: float) -> float:
        return box_bottom + (y - y_low) / (y_high - y_low) * (box_top - box_bottom)

    data = (
        BboxTransform(
            Bbox([[x_low, y_low], [x_high, y_high]]),
            Bbox([[box_left, box_bottom], [box_right, box_top]]),
        )
        + figure.transFigure
    )

    if series.points:
        # A year without a figure breaks the line: a line across it would show a figure the
        # data does not hold.
        xs: list[float] = []
        ys: list[float] = []
        for n, point in enumerate(series.points):
            if n and point.year - series.points[n - 1].year > 1:
                xs.append(math.nan)
                ys.append(math.nan)
            xs.append(point.year)
            ys.append(float(point.value))
        figure.add_artist(
            Line2D(
                xs,
                ys,
                transform=data,
                color=_SERIES,
                linewidth=2,
                marker="o",
                markersize=5,
                gid="figures",
                zorder=4,
            )
        )
        shown = [p.value for p in series.points]
        for n, point in enumerate(series.points):
            # A label goes above its point, but under a dip, where the line leaves upwards.
            dip = 0 < n < len(shown) - 1 and shown[n - 1] > point.value < shown[n + 1]
            offset = ScaledTranslation(0, (-7 if dip else 7) / 72, figure.dpi_scale_trans)
            figure.text(
                point.year,
                float(point.value),
                format_figure(point.value, unit),
                transform=data + offset,
                ha="center",
                va="top" if dip else "bottom",
                fontsize=8,
                color=_SERIES,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                gid="label",
                zorder=5,
            )
    else:
        figure.text(
            (box_left + box_right) / 2,
            (box_bottom + box_top) / 2,
            words["no_figures"],
            ha="center",
            va="center",
            fontsize=10,
            color=_BASELINE,
            gid="label",
        )
    for y, style in across:
        figure.add_artist(Line2D([box_left, box_right], [fig_y(y)] * 2, **style))
    for x, y, style in marks:
        figure.add_artist(Line2D([x], [y], transform=data, **style))

    # The axis: gridlines at the y ticks, the left and bottom spines, tick marks and labels.
    figure.add_artist(
        LineCollection(
            [[(box_left, fig_y(y)), (box_right, fig_y(y))] for y in y_ticks],
            colors=_GRID,
            linewidths=0.6,
            transform=figure.transFigure,
            gid="grid",
            zorder=0.5,
        )
    )
    spine: dict[str, Any] = {"color": _BASELINE, "linewidth": 0.8, "zorder": 2.5}
    figure.add_artist(
        Line2D(
            [box_left, box_left, box_right],
            [box_top, box_bottom, box_bottom],
            solid_joinstyle="miter",
            solid_capstyle="projecting",
            gid="spines",
            **spine,
        )
    )
    ticks: dict[str, Any] = {
        "linestyle": "none",
        "markersize": _TICK,
        "markeredgewidth": 0.8,
        "gid": "ticks",
        **spine,
    }
    if x_ticks:
        xs = [fig_x(x) for x in x_ticks]
        figure.add_artist(Line2D(xs, [box_bottom] * len(xs), marker=3, **ticks))
    if y_ticks:
        ys = [fig_y(y) for y in y_ticks]
        figure.add_artist(Line2D([box_left] * len(ys), ys, marker=0, **ticks))
    below = (bottom - _TICK - _TICK_PAD) / height_pt
    for x in x_ticks:
        figure.text(fig_x(x), below, str(x), fontsize=8, gid="xtick", ha="center", va="top")
    beside = (left - _TICK - _TICK_PAD) / width_pt
    for y, text in zip(y_ticks, y_labels, strict=True):
        text.set_position((beside, fig_y(y)))
    if counted:
        figure.text(
            (left - _TICK - _TICK_PAD - widest - 4) / width_pt,
            (box_bottom + box_top) / 2,
            words["count"],
            fontsize=8,
            gid="ylabel",
            rotation=90,
            ha="right",
            va="center",
        )

    _legend(figure, renderer, entries, 0.09 * width_pt, (0.07 if notes else 0.02) * height_pt)
    for note in notes:
        figure.text(0.09, 0.02, note, fontsize=7.5, style="italic", color=_BASELINE, gid="note")
    return figure


def _legend(
    figure: Figure,
    renderer: RendererBase,
    entries: list[tuple[str, dict[str, Any]]],
    x: float,
    y: float,
) -> None:
    """The legend at ``(x, y)`` points from the lower left, as ``figure.legend`` would draw it.

    In two columns, filled a column at a time: a handle 20 points long (its marker in the
    middle) and the label, rows 12 points apart, the second column 16 points after the first
    column's widest label. Drawn as lines and texts: a Legend cost a tenth of a chart.
    """
    from matplotlib.lines import Line2D

    if not entries:
        return
    width_pt, height_pt = (size * 72 for size in figure.get_size_inches())
    rows = math.ceil(len(entries) / 2)
    handle_x = x + 7.2  # matplotlib's border and padding: 0.5 and 0.4 of the font size
    for column in range(2):
        placed = entries[column * rows : (column + 1) * rows]
        texts = []
        for row, (label, style) in enumerate(placed):
            baseline = y + 9.84 + _LEGEND_PITCH * (rows - 1 - row)
            middle = handle_x + 10
            xs, markevery = [handle_x, middle, handle_x + 20], [1]
            if style.get("linestyle") == "none":
                xs, markevery = [middle], [0]
            figure.add_artist(
                Line2D(
                    [v / width_pt for v in xs],
                    [(baseline + 2.8) / height_pt] * len(xs),
                    transform=figure.transFigure,
                    markevery=markevery,
                    gid="legend",
                    **style,
                )
            )
            texts.append(
                figure.text(
                    (handle_x + 26.4) / width_pt,
                    baseline / height_pt,
                    label,
                    fontsize=8,
                    gid="legend",
                    va="baseline",
                )
            )
        if column == 0:
            widest = max((_width_pt(t, renderer) for t in texts), default=0.0)
            handle_x += 26.4 + widest + 16


def _width_pt(text: Text, renderer: RendererBase) -> float:
    """How wide a text is drawn, in points (measured once: its drawing reuses the measure)."""
    figure = text.get_figure(root=True)
    assert figure is not None
    return float(text.get_window_extent(renderer).width) * 72 / figure.dpi


def _margins(
    title_lines: int, entries: int, notes: int, widest: float, *, counted: bool
) -> tuple[float, float, float, float]:
    """The margins around the axes in points: left, bottom, right and top.

    Fixed room for the title, the x tick labels and the legend (a layout engine costs more
    than the chart); on the left room for the widest y tick label, and "Antal" beside it.
    """
    legend_rows = math.ceil(entries / 2)
    top = 10 + 14 * title_lines + 6
    bottom = 22 + 13 * legend_rows + (11 if notes else 0) + 6
    needed = _TICK + _TICK_PAD + widest + (4 + 10 if counted else 0) + 3
    left = max(48.0 if counted else 40.0, needed)
    return left, bottom, 14.0, top


class _Line(NamedTuple):
    """A line of text as FreeType set it: its size, its bitmap and where the bitmap sits."""

    width: float
    height: float
    descent: float
    image: Any  # a NumPy array of grey levels
    offset: tuple[float, float]


def _fast_text_possible() -> bool:
    """Whether this matplotlib has what drawing a line of text at a time uses.

    matplotlib 3.11 draws glyph by glyph (``_draw_text_glyphs_and_boxes``); the faster
    canvas below uses names matplotlib keeps private (``_prepare_font``, the C renderer's
    ``draw_text_image``, the canvas's ``_lastKey``, the font manager's
    ``_find_fonts_by_props``). Should a later version rename one, the
    charts are drawn by matplotlib's own canvas, slower and the same to look at.
    """
    from matplotlib.backends import _backend_agg
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.font_manager import fontManager
    from matplotlib.ft2font import FT2Font

    return (
        hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")
        and hasattr(RendererAgg, "_prepare_font")
        and hasattr(getattr(_backend_agg, "RendererAgg", None), "draw_text_image")
        and hasattr(FigureCanvasAgg(), "_lastKey")
        and hasattr(fontManager, "_find_fonts_by_props")
        and all(
            hasattr(FT2Font, name)
            for name in (
                "set_text",
                "get_width_height",
                "draw_glyphs_to_bitmap",
                "get_bitmap_offset",
                "get_descent",
                "get_image",
            )
        )
    )


def _font_height_metrics(
    prop: FontProperties, dpi: float
) -> tuple[float | None, float | None, float | None]:
    """A font's ascent, descent and line gap in pixels, as ``Text._get_layout`` finds them.

    matplotlib 3.11 reads them from the font's OS/2 table (else its hhea table) for every
    text it lays out, unless the renderer has ``_get_font_height_metrics``, as its PDF and PS
    renderers do; the canvas below answers from what this works out once a font. The same
    numbers by the same sums: ``None`` for a font with neither table, which leaves matplotlib
    to measure "lp" as it would.
    """
    from matplotlib.font_manager import fontManager, get_font

    font: Any = get_font(fontManager._find_fonts_by_props(prop))  # its tables' keys vary
    possible = [
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ]
    for table_name, linegap_key, ascent_key, descent_key in possible:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72
        return (
            table[ascent_key] * scale,
            -table[descent_key] * scale,
            table[linegap_key] * scale,
        )
    return None, None, None


@functools.cache
def _canvas_class() -> type[FigureCanvasAgg]:
    """An Agg canvas whose texts are drawn a line at a time, as matplotlib did up to 3.10.

    matplotlib 3.11 lays out and renders every glyph of a text on its own from Python, which
    made a chart's 200 glyphs cost twice its lines and markers; FreeType drawing the whole
    line into one bitmap (``FT2Font.draw_glyphs_to_bitmap``) draws the same glyphs at the
    same places (to the pixel on the charts here) at a fifth of the cost. And a text is set
    once, not once to measure it and again to draw it: the renderer keeps each line it set,
    for as long as it lives (it belongs to one figure's canvas, or to the ``_ChartSession`` of
    one report, whose charts share it). Earlier versions draw a line at a time already and
    get the plain canvas; math texts and texts drawn without antialiasing are left to
    matplotlib. The renderer also keeps each font's ascent, descent and line gap
    (``_font_height_metrics``), which matplotlib 3.11 otherwise reads from the font's tables
    for every text it lays out.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

    if not _fast_text_possible():  # pragma: no cover - matplotlib < 3.11, or changed since
        return FigureCanvasAgg

    class Renderer(RendererAgg):
        def _line(self, s: str, prop: FontProperties) -> _Line:
            flags = get_hinting_flag()  # type: ignore[no-untyped-call]
            key = (s, prop.copy(), flags)  # a copy: a FontProperties can change
            lines: dict[tuple[str, FontProperties, LoadFlags], _Line]
            lines = self.__dict__.setdefault("_lines", {})
            line = lines.get(key)
            if line is None:
                font = self._prepare_font(prop)  # type: ignore[no-untyped-call]
                font.set_text(s, 0, flags=flags)
                width, height = font.get_width_height()
                font.draw_glyphs_to_bitmap(antialiased=True)
                dx, dy = font.get_bitmap_offset()
                line = _Line(
                    width / 64,
                    height / 64,
                    font.get_descent() / 64,
                    font.get_image(),  # a copy, not the font's own buffer
                    (dx / 64, dy / 64),
                )
                lines[key] = line
            return line

        def _get_font_height_metrics(
            self, prop: FontProperties
        ) -> tuple[float | None, float | None, float | None]:
            # What Text._get_layout works out from the font's tables for every text it
            # lays out (twice a text, a chart's few fonts over and over), once a font.
            key = prop.copy()
            heights: dict[FontProperties, tuple[float | None, float | None, float | None]]
            heights = self.__dict__.setdefault("_heights", {})
            found = heights.get(key)
            if found is None:
                found = heights[key] = _font_height_metrics(prop, self.dpi)
            return found

        def get_text_width_height_descent(
            self, s: str, prop: FontProperties, ismath: bool | Literal["TeX"]
        ) -> tuple[float, float, float]:
            if ismath:
                measured: tuple[float, float, float]
                measured = super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call]
                return measured
            line = self._line(s, prop)
            return line.width, line.height, line.descent

        def draw_text(
            self,
            gc: GraphicsContextBase,
            x: float,
            y: float,
            s: str,
            prop: FontProperties,
            angle: float,
            ismath: bool | Literal["TeX"] = False,
            mtext: Text | None = None,
        ) -> None:
            if ismath or not gc.get_antialiased():
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call]
                return
            line = self._line(s, prop)
            radians = math.radians(angle)
            x = round(x + line.offset[0] + line.descent * math.sin(radians))
            y = round(y + line.offset[1] + line.descent * math.cos(radians))
            self._renderer.draw_text_image(line.image, x, y + 1, angle, gc)

    class Canvas(FigureCanvasAgg):
        def get_renderer(self) -> RendererAgg:
            width, height = self.get_width_height(physical=True)
            key = width, height, self.figure.dpi
            if self._lastKey != key:
                self.renderer = Renderer(width, height, self.figure.dpi)  # type: ignore[no-untyped-call]
                self._lastKey = key
            renderer: RendererAgg = self.renderer
            return renderer

    return Canvas
