"""The catalogue of validation rules: one entry per stable code.

docs/rules.md is generated from this table (``python -m delaftale.validation``), and a test
fails when the two differ, so the documentation cannot fall behind the code.
"""

from __future__ import annotations

from delaftale.findings import Rule, Severity

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
            code="wording-disagrees",
            severity=_W,
            title="The wording states other figures than the data",
            title_da="Formuleringen angiver andre tal end data",
            fix="The values are the truth: the writer words the figures anew. Correct the value "
            "if the wording was right, or let the writer (or delaftale.replace) reword it.",
            fix_da="Værdierne gælder: skriveren formulerer tallene på ny. Ret værdien, hvis "
            "formuleringen var rigtig, eller lad skriveren (eller delaftale.replace) omformulere.",
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
        Rule(
            code="goal-unknown",
            severity=_W,
            title="A delmål refers to a goal that is in no catalogue",
            title_da="Et delmål henviser til et mål, der ikke findes i kataloget",
            fix="Use an id from delaftale.catalogue (docs/catalogue.md), e.g. "
            "'lbf-2019:beskaeftigelse:1'.",
            fix_da="Brug et id fra kataloget (docs/catalogue.md), fx 'lbf-2019:beskaeftigelse:1'.",
        ),
        Rule(
            code="goal-other-area",
            severity=_W,
            title="A delmål refers to LBF's goal for another focus area",
            title_da="Et delmål henviser til LBF's mål for et andet indsatsområde",
            fix="Refer to a goal of the delaftale's own focus area, or move the delmål.",
            fix_da="Henvis til et mål for delaftalens eget indsatsområde, eller flyt delmålet.",
        ),
        Rule(
            code="plan-agreement-missing",
            severity=_I,
            scope="plan",
            title="The plan has no delaftale for a focus area",
            title_da="Helhedsplanen mangler en delaftale for et indsatsområde",
            fix="Add the delaftale, or note why the plan leaves the area out.",
            fix_da="Tilføj delaftalen, eller notér hvorfor planen ikke har området.",
        ),
        Rule(
            code="plan-area-weights-sum",
            severity=_E,
            scope="plan",
            title="The four area weights do not add up to 100 %",
            title_da="De fire indsatsområders vægte giver ikke 100 %",
            fix="Correct 'Indsatsområdet vægtes overordnet N %' in the delaftaler so they add up "
            "to 100 %.",
            fix_da="Ret 'Indsatsområdet vægtes overordnet N %' i delaftalerne, så de giver "
            "100 % tilsammen.",
        ),
        Rule(
            code="plan-position-over-allocated",
            severity=_E,
            scope="plan",
            title="A staff position is allocated more than 100 % across the delaftaler",
            title_da="En stilling er fordelt med mere end 100 % på tværs af delaftalerne",
            fix="Lower the shares in the delaftaler so the position adds up to at most 100 %.",
            fix_da="Sænk andelene i delaftalerne, så stillingen højst bliver 100 % i alt.",
        ),
        Rule(
            code="plan-position-under-allocated",
            severity=_W,
            scope="plan",
            title="A staff position is allocated less than 100 % across all four delaftaler",
            title_da="En stilling er fordelt med mindre end 100 % på tværs af alle fire delaftaler",
            fix="Account for the rest of the position in a delaftale, or explain it (for "
            "example time paid by another source).",
            fix_da="Placér resten af stillingen i en delaftale, eller forklar den (fx tid, der "
            "betales af en anden kilde).",
        ),
        Rule(
            code="plan-staff-line-unmatched",
            severity=_W,
            scope="plan",
            title="A staff line names no position of the plan",
            title_da="En medarbejderlinje nævner ingen af planens stillinger",
            fix="Use the position's title from the plan, or add the name as an alias of the "
            "position.",
            fix_da="Brug stillingens titel fra planen, eller tilføj navnet som alias for "
            "stillingen.",
        ),
        Rule(
            code="plan-other-area-share-mismatch",
            severity=_E,
            scope="plan",
            title="A share stated for another area differs from that area's delaftale",
            title_da="En andel angivet for et andet område afviger fra det områdes delaftale",
            fix="Make the two delaftaler state the same share for the same staff.",
            fix_da="Lad de to delaftaler angive samme andel for de samme medarbejdere.",
        ),
        Rule(
            code="plan-activity-elsewhere-missing",
            severity=_E,
            scope="plan",
            title="An activity said to be described in another delaftale is not there",
            title_da="En aktivitet, der skulle være beskrevet i en anden delaftale, findes ikke "
            "dér",
            fix="Add the activity's schema to that delaftale, or correct the reference.",
            fix_da="Tilføj aktivitetens skema i den delaftale, eller ret henvisningen.",
        ),
        Rule(
            code="plan-period-outside",
            severity=_E,
            scope="plan",
            title="A delaftale's period is not inside the plan's period",
            title_da="En delaftales periode ligger ikke inden for helhedsplanens periode",
            fix="Align the delaftale's dates with the strategic agreement.",
            fix_da="Tilpas delaftalens datoer til den strategiske aftale.",
        ),
        Rule(
            code="plan-national-goal-unknown",
            severity=_W,
            scope="plan",
            title="The plan refers to a national goal that is in no catalogue",
            title_da="Planen henviser til et nationalt mål, der ikke findes i kataloget",
            fix="Use an id such as 'social-mobility-2016:2' (docs/catalogue.md).",
            fix_da="Brug et id som 'social-mobility-2016:2' (docs/catalogue.md).",
        ),
        Rule(
            code="budget-position-share",
            severity=_E,
            scope="budget",
            title="A position's share in an area differs from the budget's salary allocation",
            title_da="En stillings andel i et område afviger fra budgettets lønfordeling",
            fix="The staff figures must match the budget ('Angivelserne skal stemme overens med "
            "angivelserne i budgettet'): correct the delaftale or the budget.",
            fix_da="Angivelserne skal stemme overens med angivelserne i budgettet: ret "
            "delaftalen eller budgettet.",
        ),
        Rule(
            code="budget-area-weight",
            severity=_W,
            scope="budget",
            title="An area's weight differs from its share of the budget",
            title_da="Et indsatsområdes vægt afviger fra dets andel af budgettet",
            fix="Correct the area weight or the budget's distribution across areas.",
            fix_da="Ret indsatsområdets vægt eller budgettets fordeling på områder.",
        ),
        Rule(
            code="budget-cofinancing",
            severity=_E,
            scope="budget",
            title="Local co-financing is below 25 % (LBF above 75 %)",
            title_da="Den lokale medfinansiering er under 25 % (LBF over 75 %)",
            fix="LBF funds at most 75 %: raise the municipality's, the housing organisation's "
            "or other local funding.",
            fix_da="LBF finansierer højst 75 %: hæv kommunens, boligorganisationens eller anden "
            "lokal finansiering.",
        ),
        Rule(
            code="budget-line-without-amounts",
            severity=_W,
            scope="budget",
            title="A budget or funding line has no amount in any year",
            title_da="En budget- eller finansieringslinje har intet beløb i noget år",
            fix="Fill in the line's amounts or remove the line. In a CSV file, a quotation mark "
            "that is never closed turns the rest of the file into one description.",
            fix_da="Udfyld linjens beløb, eller fjern linjen. I en CSV-fil gør et anførselstegn, "
            "der aldrig lukkes, resten af filen til én beskrivelse.",
        ),
        Rule(
            code="budget-empty",
            severity=_W,
            scope="budget",
            title="The budget has no cost lines or no funding",
            title_da="Budgettet har ingen udgiftslinjer eller ingen finansiering",
            fix="Give the budget its cost lines and its funding (LBF, the municipality, the "
            "housing organisation), or leave the budget out of the plan.",
            fix_da="Giv budgettet dets udgiftslinjer og finansiering (LBF, kommunen, "
            "boligorganisationen), eller udelad budgettet fra planen.",
        ),
        Rule(
            code="budget-unbalanced",
            severity=_W,
            scope="budget",
            title="Funding and costs differ in a year",
            title_da="Finansiering og udgifter er forskellige i et år",
            fix="Make each year's funding equal its costs.",
            fix_da="Lad hvert års finansiering svare til årets udgifter.",
        ),
        Rule(
            code="followup-unknown-indicator",
            severity=_E,
            scope="followup",
            title="The follow-up names an indicator the plan does not have",
            title_da="Opfølgningen nævner en indikator, som planen ikke har",
            fix="Check Indsatsområde, Delmål nr. and Indikator nr. (or the id) in the follow-up "
            "sheet against the delaftale; after a revision, give the indicators ids.",
            fix_da="Tjek Indsatsområde, Delmål nr. og Indikator nr. (eller id'et) i "
            "opfølgningsarket mod delaftalen; giv indikatorerne id'er efter en revision.",
        ),
        Rule(
            code="followup-baseline-pending",
            severity=_W,
            scope="followup",
            title="A baseline is still pending after the year it was to be measured",
            title_da="En baseline mangler stadig efter det år, den skulle måles",
            fix="Fill in the baseline ('Udfyldes første hele kalenderår af helhedsplanen' is due "
            "after that year), e.g. with the follow-up's figure for that year.",
            fix_da="Udfyld baseline ('Udfyldes første hele kalenderår af helhedsplanen' skal "
            "udfyldes efter det år), fx med opfølgningens tal for det år.",
        ),
        Rule(
            code="followup-no-figure",
            severity=_W,
            scope="followup",
            title="The follow-up has no figure for the year asked",
            title_da="Opfølgningen har intet tal for det år, der spørges om",
            fix="Add the year's figure to the follow-up sheet (År, Værdi or Antal), or write in "
            "the note why there is none.",
            fix_da="Tilføj årets tal i opfølgningsarket (År, Værdi eller Antal), eller skriv i "
            "noten, hvorfor der intet er.",
        ),
        Rule(
            code="followup-unit-differs",
            severity=_W,
            scope="followup",
            title="A figure's unit differs from its baseline's",
            title_da="Et tals enhed er en anden end baselinens",
            fix="Give the figure in the baseline's unit (a percentage for a percentage), or "
            "correct the baseline.",
            fix_da="Angiv tallet i baselinens enhed (en procentdel for en procentdel), eller ret "
            "baseline.",
        ),
        Rule(
            code="followup-figure-implausible",
            severity=_W,
            scope="followup",
            title="A figure does not look like a share, though its baseline is one",
            title_da="Et tal ligner ikke en andel, selv om baseline er det",
            fix="Write the share in percent (9,12 %, not 0,0912); in Excel, a cell formatted "
            "as a percentage shows 9,12 as 912 %: type 9,12 % in it.",
            fix_da="Skriv andelen i procent (9,12 %, ikke 0,0912); i Excel viser en celle "
            "formateret som procent 9,12 som 912 %: skriv 9,12 % i den.",
        ),
        Rule(
            code="followup-baseline-differs",
            severity=_W,
            scope="followup",
            title="A figure for the baseline's year differs from the baseline",
            title_da="Et tal for baselinens år afviger fra baseline",
            fix="Correct the figure or the baseline: both measure the same year.",
            fix_da="Ret tallet eller baseline: begge måler det samme år.",
        ),
        Rule(
            code="followup-year-after-period",
            severity=_W,
            scope="followup",
            title="A figure is for a year after the agreement's period",
            title_da="Et tal gælder et år efter delaftalens periode",
            fix="Check the year (2062 for 2026?); figures of the year after the period are fine.",
            fix_da="Tjek året (2062 for 2026?); tal for året efter perioden er i orden.",
        ),
        Rule(
            code="followup-direction-unknown",
            severity=_W,
            scope="followup",
            title="The delmål's wording does not say clearly which way its indicator should go",
            title_da="Delmålets ordlyd siger ikke klart, hvilken vej indikatoren skal gå",
            fix='Set the direction in plan.json: "followup": {"indicators": '
            '[{"focus_area": …, "indicator": "3.1", "direction": "up"}]} (or "down").',
            fix_da='Angiv retningen i plan.json: "followup": {"indicators": '
            '[{"focus_area": …, "indicator": "3.1", "direction": "up"}]} (eller '
            '"down").',
        ),
        Rule(
            code="followup-target-year",
            severity=_W,
            scope="followup",
            title="A target's year is outside the agreement's period",
            title_da="Et måls år ligger uden for delaftalens periode",
            fix="Give the target a year within the period, or check the period.",
            fix_da="Giv målet et år inden for perioden, eller tjek perioden.",
        ),
    )
}
"""Every rule, by code."""


def rule(code: str) -> Rule:
    """The rule with this code; a KeyError names unknown codes (a bug in a check)."""
    return RULES[code]
