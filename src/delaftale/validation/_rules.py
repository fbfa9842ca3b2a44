"""The catalogue of validation rules: one entry per stable code.

docs/rules.md is generated from this table (``python -m delaftale.validation``), and a test
fails when the two differ, so the documentation cannot fall behind the code.
"""

from __future__ import annotations

from delaftale.validation._report import Rule, Severity

__all__ = ["RULES", "rule"]

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            code="section-missing",
            severity=_W,
            title="A section of the form is empty",
            title_da="Et afsnit i skemaet er tomt",
            fix="Fill in the section, or state why it is left empty.",
            fix_da="Udfyld afsnittet, eller skriv hvorfor det står tomt.",
        ),
        Rule(
            code="draft",
            severity=_I,
            title="The agreement is a draft",
            title_da="Delaftalen er et udkast",
            fix="Remove the draft line ('Udkast: ...') when the board has approved it.",
            fix_da="Fjern udkastlinjen ('Udkast: ...'), når bestyrelsen har godkendt delaftalen.",
        ),
        Rule(
            code="period-end-before-start",
            severity=_E,
            title="The period ends before it starts",
            title_da="Perioden slutter, før den begynder",
            fix="Check 'Delaftalen gælder fra - til': the first date is the start.",
            fix_da="Ret 'Delaftalen gælder fra - til': den første dato er starten.",
        ),
        Rule(
            code="period-length",
            severity=_W,
            title="The period is not about four years",
            title_da="Perioden er ikke cirka fire år",
            fix="A helhedsplan runs four years; check the dates against the strategic agreement.",
            fix_da="En helhedsplan løber fire år; tjek datoerne mod den strategiske aftale.",
        ),
        Rule(
            code="focus-area-regulativ",
            severity=_W,
            title="The focus area does not belong to the period's LBF regulation",
            title_da="Indsatsområdet hører ikke til periodens regulativ",
            fix="Plans from 2021 use the four areas of the 2019 regulation; older plans the "
            "four areas of the 2015-18 funds.",
            fix_da="Planer fra 2021 bruger 2019-regulativets fire indsatsområder; ældre planer "
            "de fire områder fra 2015-18-midlerne.",
        ),
        Rule(
            code="sub-goal-without-indicator",
            severity=_E,
            title="A delmål has no indicator",
            title_da="Et delmål har ingen indikator",
            fix="Add at least one indicator that shows whether the delmål is met.",
            fix_da="Tilføj mindst én indikator, der viser, om delmålet nås.",
        ),
        Rule(
            code="baseline-missing",
            severity=_W,
            title="An indicator has no baseline",
            title_da="En indikator mangler baseline",
            fix="State the baseline, or write when it will be measured ('Udfyldes første hele "
            "kalenderår af helhedsplanen').",
            fix_da="Angiv baseline, eller skriv hvornår den måles ('Udfyldes første hele "
            "kalenderår af helhedsplanen').",
        ),
        Rule(
            code="baseline-without-figure",
            severity=_I,
            title="A baseline states no figure that could be read",
            title_da="En baseline indeholder intet tal, der kunne aflæses",
            fix="Write the figure as a percentage or a count ('61,21 %', '50 elever'), or mark "
            "it as pending.",
            fix_da="Skriv tallet som procent eller antal ('61,21 %', '50 elever'), eller angiv "
            "at det udfyldes senere.",
        ),
        Rule(
            code="baseline-year-missing",
            severity=_W,
            title="A baseline has no baseline year",
            title_da="En baseline mangler baseline år",
            fix="State the year (or school year) the baseline was measured.",
            fix_da="Angiv det år (eller skoleår), baseline er målt.",
        ),
        Rule(
            code="baseline-year-after-start",
            severity=_W,
            title="A baseline was measured after the agreement started",
            title_da="En baseline er målt efter delaftalens start",
            fix="A baseline describes the situation before the work starts: use an earlier year, "
            "or mark the baseline as pending if it is measured in the first full year.",
            fix_da="En baseline beskriver situationen før indsatsen: brug et tidligere år, eller "
            "angiv at baseline udfyldes første hele kalenderår.",
        ),
        Rule(
            code="data-source-missing",
            severity=_W,
            title="An indicator has no data source",
            title_da="En indikator mangler datakilde",
            fix="Name the data source, e.g. 'LBF - Boligsociale Data' or 'Lokal registrering'.",
            fix_da="Angiv datakilden, fx 'LBF - Boligsociale Data' eller 'Lokal registrering'.",
        ),
        Rule(
            code="activity-not-described",
            severity=_E,
            title="A listed activity has no activity schema",
            title_da="En listet aktivitet har intet aktivitetsskema",
            fix="Add a schema for the activity (one schema per activity), or remove it from "
            "the list.",
            fix_da="Tilføj et skema for aktiviteten (ét skema pr. aktivitet), eller fjern den "
            "fra listen.",
        ),
        Rule(
            code="activity-not-listed",
            severity=_E,
            title="An activity schema is not in the list of activities",
            title_da="Et aktivitetsskema står ikke i listen over aktiviteter",
            fix="Add the activity to the list under 'Aktiviteter, som skal bidrage ...'.",
            fix_da="Tilføj aktiviteten til listen under 'Aktiviteter, som skal bidrage ...'.",
        ),
        Rule(
            code="activity-name-differs",
            severity=_I,
            title="An activity is named differently in the list and in its schema",
            title_da="En aktivitet har forskelligt navn i listen og i skemaet",
            fix="Use the same name in both places so readers and tools can match them.",
            fix_da="Brug samme navn begge steder, så læsere og værktøjer kan finde dem.",
        ),
        Rule(
            code="activity-described-elsewhere",
            severity=_I,
            title="A listed activity is described in another delaftale",
            title_da="En listet aktivitet er beskrevet i en anden delaftale",
            fix="Nothing to fix here; validating the whole plan checks that the other "
            "delaftale describes it.",
            fix_da="Intet at rette her; validering af hele helhedsplanen tjekker, at den anden "
            "delaftale beskriver den.",
        ),
        Rule(
            code="activity-duplicate",
            severity=_W,
            title="Two activity schemas have the same name",
            title_da="To aktivitetsskemaer har samme navn",
            fix="Merge the schemas or give them distinct names.",
            fix_da="Slå skemaerne sammen, eller giv dem forskellige navne.",
        ),
        Rule(
            code="area-weight-range",
            severity=_E,
            title="The area weight is above 100 %",
            title_da="Indsatsområdets vægt er over 100 %",
            fix="The weight is the area's share of the whole plan: between 0 and 100 %.",
            fix_da="Vægten er områdets andel af hele planen: mellem 0 og 100 %.",
        ),
        Rule(
            code="area-weight-missing",
            severity=_I,
            title="The area weight is not stated",
            title_da="Indsatsområdets vægt er ikke angivet",
            fix="Add 'Indsatsområdet vægtes overordnet N %' so the plan's weights can be checked.",
            fix_da="Tilføj 'Indsatsområdet vægtes overordnet N %', så planens vægte kan tjekkes.",
        ),
        Rule(
            code="share-range",
            severity=_E,
            title="A staff share is above 100 %",
            title_da="En medarbejderandel er over 100 %",
            fix="A share is the part of the position(s) used in the area: at most 100 %.",
            fix_da="En andel er den del af stillingen, der bruges i området: højst 100 %.",
        ),
        Rule(
            code="staff-share-total",
            severity=_E,
            title="A staff line's shares across areas add up to more than 100 %",
            title_da="En medarbejderlinjes andele på tværs af områder er over 100 %",
            fix="The share here plus the shares stated for other areas cannot exceed the "
            "position(s): check them against the budget.",
            fix_da="Andelen her plus andelene i andre områder kan ikke overstige stillingen: "
            "tjek dem mod budgettet.",
        ),
        Rule(
            code="staff-line-unparsed",
            severity=_W,
            title="A staff line could not be read",
            title_da="En medarbejderlinje kunne ikke aflæses",
            fix="Write it as 'Boligsocial leder (ansat på 37 timer): 25 % af stillingen' so the "
            "share can be checked against the budget.",
            fix_da="Skriv den som 'Boligsocial leder (ansat på 37 timer): 25 % af stillingen', "
            "så andelen kan tjekkes mod budgettet.",
        ),
    )
}
"""Every rule, by code."""


def rule(code: str) -> Rule:
    """The rule with this code; a KeyError names unknown codes (a bug in a check)."""
    return RULES[code]
