"""Benchmark: the board's status report against writing the plan's four delaftaler.

Goal (issue 15): the status report for a plan of four agreements with four years of
measurements, charts included, in under 3x the time of writing the four delaftaler with the
built-in form (``delaftale.render_docx``), measured in the same run.

The plan is the Ishøj 2025-29 plan's two delaftaler, each also standing in for one of the two
other areas of the 2019 regulation (the seeds have two of Ishøj's four), so four agreements
and 14 indicators; every indicator gets made-up figures for 2026-2029, different for each,
so every indicator has a chart. Report and baseline alternate, each run is timed on its
own, and the medians are compared. Also printed: the report without charts, and the charts
alone (one PNG per indicator), so that one can see where the time goes; and the floor of a
chart: matplotlib drawing an empty figure of the same size to PNG.

    python benchmarks/bench_status.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

import delaftale
from delaftale.files import load_plan
from delaftale.followup import FollowUp, IndicatorFollowUp, Observation
from delaftale.model import FocusArea, Unit
from delaftale.plan import Plan

PLAN = Path(__file__).parent.parent / "examples" / "ishoj-2025-plan"
YEARS = (2026, 2027, 2028, 2029)


def four_agreement_plan() -> Plan:
    """The Ishøj plan with four agreements and four years of figures for every indicator."""
    plan = load_plan(PLAN)
    udd, bes = plan.agreements
    agreements = (
        udd,
        bes,
        attrs.evolve(udd, focus_area=FocusArea.KRIMINALITETSFOREBYGGELSE),
        attrs.evolve(bes, focus_area=FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB),
    )
    entries = []
    for a, agreement in enumerate(agreements):
        for s, goal in enumerate(agreement.sub_goals, start=1):
            for i, _indicator in enumerate(goal.indicators, start=1):
                # Different figures for every indicator, as a real plan has: labels and
                # ticks repeat between charts only as much as they would in life.
                start = Decimal(20 + 11 * a + 5 * s + i) + Decimal(a * 7 + s) / 100
                figures = tuple(
                    Observation(
                        year=y,
                        value=start + Decimal(n * (3 + s) + a) / 10,
                        unit=Unit.PERCENT,
                    )
                    for n, y in enumerate(YEARS)
                )
                entries.append(
                    IndicatorFollowUp(
                        focus_area=agreement.focus_area, indicator=f"{s}.{i}", observations=figures
                    )
                )
    return attrs.evolve(plan, agreements=agreements, followup=FollowUp(indicators=tuple(entries)))


def timed(fn: Callable[[], object]) -> float:
    """One run of ``fn``, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Time the report and the four delaftaler alternately; print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from delaftale.charts import chart_png, has_chart
    from delaftale.word.status import status_report_bytes

    plan = four_agreement_plan()
    year = YEARS[-1]
    statuses = plan.status(year)
    charted = [s for s in statuses if has_chart(s)]

    def write_four() -> None:
        for agreement in plan.agreements:
            delaftale.render_docx(agreement)

    def report() -> None:
        status_report_bytes(plan, year)

    def report_without_charts() -> None:
        status_report_bytes(plan, year, charts=False)

    def charts() -> None:
        # As the report draws them: one session, its renderer and texts shared.
        from delaftale.charts import _ChartSession

        session = _ChartSession()
        for s in charted:
            session.png(s)

    def charts_alone() -> None:
        for s in charted:
            chart_png(s)

    def empty_charts() -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        for _ in charted:
            figure = Figure(figsize=(15 / 2.54, 7 / 2.54), dpi=200)
            FigureCanvasAgg(figure).print_png(_Sink())

    # Warm up: imports, the shipped form, matplotlib's font cache.
    write_four()
    report()
    empty_charts()
    runs: dict[str, list[float]] = {
        name: [] for name in ("write", "report", "no charts", "charts", "alone", "empty")
    }
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits all alike
        runs["write"].append(timed(write_four))
        runs["report"].append(timed(report))
        runs["no charts"].append(timed(report_without_charts))
        runs["charts"].append(timed(charts))
        runs["alone"].append(timed(charts_alone))
        runs["empty"].append(timed(empty_charts))
    median = {name: statistics.median(times) for name, times in runs.items()}
    print(
        f"plan: {len(plan.agreements)} agreements, {len(statuses)} indicators, "
        f"{len(charted)} charts, figures for {YEARS[0]}-{YEARS[-1]}; medians of {args.repeat}"
    )
    print(f"writing the four delaftaler (render_docx): {median['write'] * 1000:8.1f} ms")
    print(f"status report with charts:                  {median['report'] * 1000:8.1f} ms")
    print(f"  without charts:                           {median['no charts'] * 1000:8.1f} ms")
    print(f"  the charts as the report draws them:      {median['charts'] * 1000:8.1f} ms")
    print(f"  the charts one by one (chart_png):        {median['alone'] * 1000:8.1f} ms")
    print(f"  floor: as many empty figures to PNG:      {median['empty'] * 1000:8.1f} ms")
    ratio = median["report"] / median["write"]
    print(f"ratio report / writing the four: {ratio:.2f}x (goal: under 3x)")
    print(f"charts against their floor (empty figures): {median['charts'] / median['empty']:.2f}x")


class _Sink:
    """A file object that keeps nothing: the PNG's bytes are made and dropped."""

    def write(self, data: bytes) -> int:
        return len(data)


if __name__ == "__main__":
    main()
