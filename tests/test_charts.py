"""Charts of the follow-up: one indicator's figures over the years (delaftale.charts).

The statuses are judged from small agreements built here; the expected labels are the
figures in Danish notation, typed by hand.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from decimal import Decimal
from typing import Any

import pytest

from delaftale import Agreement, FocusArea
from delaftale.charts import _tick, chart_png, has_chart, indicator_chart
from delaftale.followup import (
    FollowUp,
    IndicatorFollowUp,
    IndicatorStatus,
    Observation,
    Target,
    status,
)
from delaftale.model import BaselineYear, Indicator, Measurement, SubGoal, Unit

D = Decimal
B = FocusArea.BESKAEFTIGELSE
DESCRIPTION = "Andel unge, der har gennemført en uddannelse højere end grundskole"


def judged(
    observations: list[Observation],
    *,
    baseline: Measurement | None = None,
    comparison: Measurement | None = None,
    baseline_year: int | None = 2023,
    target: Target | None = None,
    description: str = DESCRIPTION,
    year: int = 2029,
) -> IndicatorStatus:
    indicator = Indicator(
        description=description,
        baseline=baseline,
        comparison=comparison,
        baseline_year=(
            BaselineYear(text=str(baseline_year), year=baseline_year) if baseline_year else None
        ),
    )
    agreement = Agreement(
        focus_area=B, sub_goals=[SubGoal(title="Flere unge i uddannelse", indicators=[indicator])]
    )
    follow = FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=B, indicator="1.1", observations=observations, target=target
            )
        ]
    )
    return status([agreement], follow, year)[0]


def percent(value: str) -> Measurement:
    return Measurement(text=f"{value.replace('.', ',')} %", value=D(value), unit=Unit.PERCENT)


@pytest.fixture(scope="module")
def full() -> IndicatorStatus:
    return judged(
        [
            Observation(year=2026, value=D("62.5"), unit=Unit.PERCENT),
            Observation(year=2027, value=D("63.50")),
            Observation(year=2028, value=D("61.9")),
            Observation(year=2029, value=D("66.25")),
        ],
        baseline=percent("61.21"),
        comparison=percent("68.45"),
        target=Target(value=D("70"), year=2029),
    )


# The chart is drawn as plain lines and texts on the figure, each kind told by its gid.


def texts(figure: Any, gid: str) -> list[str]:
    return [t.get_text() for t in figure.texts if t.get_gid() == gid]


def legend(figure: Any) -> list[str]:
    return texts(figure, "legend")


def labels(figure: Any) -> list[str]:
    return texts(figure, "label")


def drawn(figure: Any, gid: str) -> list[Any]:
    return [a for a in figure.artists if a.get_gid() == gid]


def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = (
        "import sys, delaftale.charts\n"
        "print([m for m in ('matplotlib', 'PIL', 'numpy') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


def test_the_chart_shows_the_figures_baseline_comparison_and_target(
    full: IndicatorStatus,
) -> None:
    figure = indicator_chart(full)
    assert legend(figure) == [
        "Årets tal",
        "Baseline 61,21 % (2023)",
        "Sammenligning 68,45 %",
        "Mål 70 % i 2029",
    ]
    assert labels(figure) == ["62,5 %", "63,50 %", "61,9 %", "66,25 %"]
    (line,) = drawn(figure, "figures")
    assert list(line.get_xdata()) == [2026, 2027, 2028, 2029]
    assert list(line.get_ydata()) == [62.5, 63.5, 61.9, 66.25]
    # Whole years from the baseline's to the target's, and ticks in Danish notation.
    assert texts(figure, "xtick") == [str(year) for year in range(2023, 2030)]
    assert texts(figure, "ytick") == ["60 %", "65 %", "70 %"]
    assert [_tick(v, Unit.PERCENT) for v in (60.0, 62.5, 65.0)] == ["60 %", "62,5 %", "65 %"]
    assert _tick(1234.5, Unit.PERCENT) == "1.234,5 %"
    # Everything drawn is in view: inside the box the spines draw.
    (spines,) = drawn(figure, "spines")
    corners = spines.get_transform().transform(spines.get_xydata())
    (left, top), (right, bottom) = corners[0], corners[2]
    for gid in ("figures", "baseline", "comparison", "target"):
        for artist in drawn(figure, gid):
            for x, y in artist.get_transform().transform(artist.get_xydata()):
                assert left <= x <= right
                assert bottom <= y <= top
    title = figure.texts[0].get_text()
    assert title == DESCRIPTION


def test_the_chart_is_not_registered_with_pyplot(full: IndicatorStatus) -> None:
    code = (
        "import sys\n"
        "from decimal import Decimal\n"
        "from delaftale.charts import indicator_chart\n"
        "from test_charts import judged\n"
        "from delaftale.followup import Observation\n"
        "fig = indicator_chart(judged([Observation(year=2026, value=Decimal('5'))]))\n"
        "print('matplotlib.pyplot' in sys.modules, type(fig).__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(__import__("pathlib").Path(__file__).parent),
    ).stdout
    assert out.split() == ["False", "Figure"]


def test_english_legend(full: IndicatorStatus) -> None:
    figure = indicator_chart(full, lang="en")
    assert legend(figure) == [
        "Figures",
        "Baseline 61,21 % (2023)",
        "Comparison 68,45 %",
        "Target 70 % by 2029",
    ]


def test_a_dip_is_labelled_under_its_point(full: IndicatorStatus) -> None:
    figure = indicator_chart(full)
    (line,) = drawn(figure, "figures")
    points = line.get_transform().transform(line.get_xydata())
    placed = [t for t in figure.texts if t.get_gid() == "label"]
    # How far above (below) its point each label is anchored, in points, and which way it hangs.
    offsets = [
        round((t.get_transform().transform(t.get_position())[1] - y) * 72 / figure.dpi)
        for t, (_x, y) in zip(placed, points, strict=True)
    ]
    assert offsets == [7, 7, -7, 7]  # 61,9 lies between 63,50 and 66,25
    assert [t.get_va() for t in placed] == ["bottom", "bottom", "top", "bottom"]


def test_without_a_baseline_a_single_figure() -> None:
    one = judged([Observation(year=2026, value=D("3.5"))], baseline_year=None)
    assert has_chart(one)
    figure = indicator_chart(one)
    assert legend(figure) == ["Årets tal"]
    assert labels(figure) == ["3,5"]  # no unit anywhere: a plain number
    assert texts(figure, "xtick") == ["2026"]


def test_counts_only_with_a_pending_baseline() -> None:
    counted = judged(
        [Observation(year=2026, count=12), Observation(year=2027, count=1234)],
        baseline=Measurement(text="Udfyldes første hele kalenderår af helhedsplanen", pending=True),
        baseline_year=2026,
    )
    assert has_chart(counted)
    figure = indicator_chart(counted)
    assert labels(figure) == ["12", "1.234"]
    assert texts(figure, "ylabel") == ["Antal"]
    assert texts(figure, "ytick")[-1] == "1.500"  # a count: whole numbers, thousands marked
    assert legend(figure) == ["Årets tal"]


def test_figures_in_another_unit_are_left_out_and_named() -> None:
    mixed = judged(
        [Observation(year=2026, value=D("62.5")), Observation(year=2027, count=50)],
        baseline=percent("61.21"),
    )
    figure = indicator_chart(mixed)
    assert labels(figure) == ["62,5 %"]
    notes = [t.get_text() for t in figure.texts]
    assert "Ikke vist (anden enhed end baseline): 2027" in notes
    only_count = judged([Observation(year=2027, count=50)], baseline=percent("61.21"))
    assert not has_chart(only_count)


def test_no_figures_no_chart() -> None:
    nothing = judged([], baseline=percent("61.21"))
    assert not has_chart(nothing)
    figure = indicator_chart(nothing)  # still drawn for a notebook: the baseline alone
    assert "Ingen tal endnu" in labels(figure)
    assert legend(figure) == ["Baseline 61,21 % (2023)"]


def test_a_target_in_another_unit_is_not_drawn() -> None:
    other = judged(
        [Observation(year=2026, value=D("62.5"))],
        baseline=percent("61.21"),
        target=Target(value=D("40"), unit=Unit.COUNT, year=2029),
    )
    assert legend(indicator_chart(other)) == ["Årets tal", "Baseline 61,21 % (2023)"]


def test_a_long_title_is_cut_to_two_lines() -> None:
    long = judged(
        [Observation(year=2026, value=D("1"))],
        description="Antal unge der får erhvervspraktikplads, juniormesterlære og social praktik "
        "gennem den boligsociale helhedsplan og antal unge, der støttes i "
        "erhvervspraktikforløb, juniormesterlære og social praktik (indikatorer landes endeligt)",
    )
    title = indicator_chart(long).texts[0].get_text()
    lines = title.split("\n")
    assert len(lines) == 2
    assert lines[1].endswith(" …")
    assert title.startswith("Antal unge der får erhvervspraktikplads")


# --------------------------------------------------------------------------- the PNG


def chunks(png: bytes) -> dict[bytes, bytes]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        body = png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(
            kind + body
        )
        found.setdefault(kind, body)
        at += 12 + length
    return found


def test_png_at_print_quality(full: IndicatorStatus) -> None:
    png = chart_png(full)
    parts = chunks(png)
    width, height = struct.unpack(">II", parts[b"IHDR"][:8])
    # 15 cm at 200 dpi: 15 / 2,54 * 200 = 1181,1 pixels; the chart is 0,52 as high.
    assert width == 1181
    assert height == 614
    x, y, unit = struct.unpack(">IIB", parts[b"pHYs"])
    assert (unit, x, y) == (1, 7874, 7874)  # 200 dpi in pixels per metre
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & parts.keys()
    assert chart_png(full) == png  # the same status, the same bytes


def test_png_size_and_resolution_follow_the_arguments(full: IndicatorStatus) -> None:
    parts = chunks(chart_png(full, dpi=100, width_cm=10))
    width, _height = struct.unpack(">II", parts[b"IHDR"][:8])
    assert width == 393  # 10 / 2,54 * 100 = 393,7
    assert struct.unpack(">II", parts[b"pHYs"][:8]) == (3937, 3937)


def test_png_background_is_white(full: IndicatorStatus) -> None:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(chart_png(full, dpi=60, width_cm=8))).convert("RGB")
    assert image.getpixel((1, 1)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"lang": "de"}, "lang must be"),
        ({"dpi": 20}, "dpi"),
        ({"dpi": 200.0}, "dpi"),
        ({"width_cm": 100}, "width_cm"),
    ],
)
def test_bad_arguments(full: IndicatorStatus, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        chart_png(full, **arguments)


def test_the_fast_text_canvas_draws_what_matplotlibs_own_does(
    full: IndicatorStatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The charts draw a line of text at a time through names matplotlib keeps private; a
    # matplotlib without them gets its own canvas. Both must give the same picture.
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, ImageChops

    from delaftale import charts

    fast = Image.open(io.BytesIO(chart_png(full, dpi=100))).convert("L")
    monkeypatch.setattr(charts, "_canvas_class", lambda: FigureCanvasAgg)
    plain = Image.open(io.BytesIO(chart_png(full, dpi=100))).convert("L")
    assert fast.size == plain.size
    # Text edges may differ by a pixel's shading, which averaging 4 x 4 pixels evens out;
    # a line, a point or a label in another place would not be.
    small = (fast.size[0] // 4, fast.size[1] // 4)
    difference = ImageChops.difference(
        fast.resize(small, Image.Resampling.BOX), plain.resize(small, Image.Resampling.BOX)
    )
    # Measured: at most one block differs by more than 40 levels (52, at a text's edge),
    # where a point moved by 0,3 percentage points changes 58 blocks by up to 145.
    assert sum(difference.histogram()[41:]) <= 3


def test_a_single_count_gets_whole_ticks() -> None:
    # 14 young people in the first full year: ticks 12-16, never 13,5 or 14,5.
    one = judged(
        [Observation(year=2026, count=14)],
        baseline=Measurement(text="Udfyldes første hele kalenderår af helhedsplanen", pending=True),
        baseline_year=2026,
    )
    ticks = texts(indicator_chart(one), "ytick")
    assert ticks
    assert all("," not in tick for tick in ticks)
    assert "14" in ticks


def test_a_year_without_a_figure_breaks_the_line() -> None:
    gap = judged(
        [
            Observation(year=2024, value=D("62"), unit=Unit.PERCENT),
            Observation(year=2026, value=D("63"), unit=Unit.PERCENT),
            Observation(year=2027, value=D("64"), unit=Unit.PERCENT),
        ],
        baseline=percent("61.21"),
    )
    (line,) = drawn(indicator_chart(gap), "figures")
    xs = [float(x) for x in line.get_xdata()]
    assert xs[0] == 2024
    assert xs[1] != xs[1]  # NaN: no line drawn across 2025
    assert xs[2:] == [2026, 2027]
    assert labels(indicator_chart(gap)) == ["62 %", "63 %", "64 %"]


def test_a_session_draws_each_chart_as_chart_png_alone(full: IndicatorStatus) -> None:
    # A report's charts share one renderer (its buffer, the lines of text it set): each
    # chart must come out byte for byte as chart_png draws it alone, whatever came before,
    # a chart of another size or dpi included (that one gets a renderer of its own).
    from delaftale.charts import _ChartSession

    count = judged(
        [Observation(year=2026, count=14), Observation(year=2027, count=15)],
        baseline=Measurement(text="Udfyldes første hele kalenderår af helhedsplanen", pending=True),
        baseline_year=2026,
    )
    single = judged([Observation(year=2027, value=D("63.5"), unit=Unit.PERCENT)])
    drawn_in_order: list[tuple[IndicatorStatus, dict[str, Any]]] = [
        (full, {}),
        (count, {}),
        (full, {}),  # every line of text already set, by the first chart
        (single, {"lang": "en"}),
        (full, {"dpi": 100}),
        (count, {"width_cm": 10.0}),
        (full, {"lang": "en"}),
    ]
    session = _ChartSession()
    renderers = []
    for status_, arguments in drawn_in_order:
        assert session.png(status_, **arguments) == chart_png(status_, **arguments)
        renderers.append(session._renderer)
    assert renderers[0] is renderers[1] is renderers[2] is renderers[3]
    assert renderers[4] is not renderers[3]
    assert renderers[6] is not renderers[5]
    # The lines of text the first charts set are kept for the next, in the session only.
    lines = renderers[0].__dict__["_lines"]
    assert {"Årets tal", "2026", "Figures"} <= {key[0] for key in lines}
    assert _ChartSession()._renderer is None


def test_the_canvas_finds_the_font_heights_matplotlib_does(
    full: IndicatorStatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The canvas answers a font's ascent, descent and line gap from a table of its own,
    # instead of matplotlib reading the font's tables for every text: the same layout.
    figure = indicator_chart(full)
    renderer: Any = figure.canvas.get_renderer()
    if not hasattr(renderer, "_get_font_height_metrics"):  # pragma: no cover - matplotlib < 3.11
        pytest.skip("matplotlib's own canvas")
    title = next(t for t in figure.texts if t.get_gid() == "title")
    title.set_text("Two lines\nof a title")  # the line gap counts between lines

    def layouts() -> list[list[float]]:
        found = []
        for text in figure.texts:
            box, lines, ((x, y), (w, h)) = text._get_layout(renderer)
            numbers = [*box.bounds, x, y, w, h]
            for _line, wad, xy in lines:
                numbers += [*wad, *xy]
            found.append([float(n) for n in numbers])
        return found

    answered = layouts()
    monkeypatch.delattr(type(renderer), "_get_font_height_metrics")  # the font's tables read
    assert layouts() == answered
