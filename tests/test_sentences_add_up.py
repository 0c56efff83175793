"""Every sentence of the Sessie steps and of the raad report, read as a raad member reads it: the amounts are parsed
from the Dutch text ('€ 4,2 mln', '€ 447.000', '-€ 0,2 mln') and added up exactly at the precision shown.

In one sentence the parts add up to the whole and start + change = end; on one step (and in the report) Wmo and
jeugd add up to the total for every amount; the chart labels and tiles of the Sessie are the sentences' amounts.
For the sample gemeente with the sample scenario, the same with a slider moved, the sample region and one of its
gemeenten (presentation/rounding.py states the rule).
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from forecasting.input.validation import load_dataset
from forecasting.model.projection import TOTAL
from forecasting.region.region_total import combine
from forecasting.region.regional import load_region
from grip import service
from grip.cli import read_scenario
from presentation import report, rounding, story
from presentation.charts import waterfall_labels
from scenarios.measures import with_values
from tests.factories import REPO, SAMPLE

AMOUNT = r"[-−+]?€ [0-9.]+(?:,[0-9]+)?(?: mln)?"
SUBJECT_OF = {words: domein for domein, words in story.SUBJECTS.items()}
NAME_OF = {words: domein for domein, words in story.DOMAIN_NAMES.items()}
FACTOR_OF = {word: factor for factor, words in story.FACTOR_WORDS.items() for word in words}
FACTOR = "|".join(re.escape(word) for word in FACTOR_OF)


def euros(text: str) -> Decimal:
    """'€ 4,2 mln' -> 4200000, '-€ 447.000' -> -447000, '+€ 0,4 mln' -> 400000: exact, as written."""
    match = re.fullmatch(r"([-−+]?)€ ([0-9.]+(?:,[0-9]+)?)( mln)?", text.strip())
    assert match, f"not an amount: {text!r}"
    value = Decimal(match.group(2).replace(".", "").replace(",", "."))
    value *= Decimal(1_000_000) if match.group(3) else 1
    return -value if match.group(1) in "-−" and match.group(1) else value


def read(sentence: str) -> dict:
    """The amounts of one sentence with their meaning, as a reader takes them from the text."""
    text = sentence.replace("\u00a0", " ")
    if m := re.match(rf"In \d{{4}} waren (.+?) ({AMOUNT})(?: \(Wmo ({AMOUNT}) en jeugd ({AMOUNT})\))?;", text):
        parts = {"Wmo": euros(m[3]), "Jeugd": euros(m[4])} if m[3] else {}
        return {"soort": "stand", "domein": SUBJECT_OF[m[1]], "nu": euros(m[2]), "delen": parts}
    if m := re.match(rf"Zonder maatregelen (stijgen|dalen) (.+?) van ({AMOUNT}) naar ({AMOUNT}) in \d{{4}}, "
                     rf"({AMOUNT}) (meer|minder)(.*)\.$", text):
        direction = 1 if m[1] == "stijgen" else -1
        assert (m[1], m[6]) in (("stijgen", "meer"), ("dalen", "minder")), text
        lead, _, against = m[7].partition(", terwijl ")
        parts = {FACTOR_OF[w]: direction * euros(a) for a, w in re.findall(rf"({AMOUNT}) door ({FACTOR})",
                                                                          lead)}
        for words, a, verb in re.findall(rf"({FACTOR}) ({AMOUNT}) (kost|scheelt)", against):
            parts[FACTOR_OF[words]] = (1 if verb == "kost" else -1) * euros(a)
        assert len(parts) == text.count(" door ") + len(re.findall(r" (?:kost|scheelt)\b", text)), text
        return {"soort": "groei", "domein": SUBJECT_OF[m[2]], "begin": euros(m[3]), "eind": euros(m[4]),
                "verandering": direction * euros(m[5]), "delen": parts}
    if m := re.match(rf"De maatregelen (verlagen|verhogen) (.+?) in \d{{4}} met ({AMOUNT})(?:: (.*?))?"
                     rf"(?:, min ({AMOUNT}) uitvoeringskosten)?\.$", text):
        named = {name or rest: euros(a) for a, name, rest in
                 re.findall(rf"({AMOUNT}) door (?:'([^']*)'|(de andere \d+ maatregelen?))", m[4] or "")}
        assert len(named) == text.count(" door "), text
        return {"soort": "maatregelen", "domein": SUBJECT_OF[m[2]], "opbrengst": (1 if m[1] == "verlagen" else -1)
                * euros(m[3]), "delen": named, "kosten": euros(m[5]) if m[5] else Decimal(0)}
    if m := re.match(r"Dit scenario bevat geen maatregelen die in \d{4} iets opleveren voor (.+)\.$", text):
        return {"soort": "maatregelen", "domein": NAME_OF[m[1]], "opbrengst": Decimal(0), "delen": {},
                "kosten": Decimal(0)}
    if m := re.match(rf"Voor (.+?) blijft in \d{{4}} een (tekort|overschot) van ({AMOUNT}) ten opzichte", text):
        return {"soort": "rest", "domein": NAME_OF[m[1]], "tekort": (1 if m[2] == "tekort" else -1) * euros(m[3])}
    if m := re.match(r"Voor (.+?) sluit de begroting in \d{4} precies", text):
        return {"soort": "rest", "domein": NAME_OF[m[1]], "tekort": Decimal(0)}
    if re.match(r"De begroting (?:voor \w+ )?zat .+; de prognose van Grip, met wat toen bekend was, .+\.$", text):
        return {"soort": "terugblik"}  # two percentages, nothing to add up (presentation/hindsight.py)
    raise AssertionError(f"a sentence this test cannot read: {sentence!r}")


def check_sentence(sentence: str) -> dict:
    """The sentence on its own: the parts add up to the whole, start + change = end, exactly as written."""
    found = read(sentence)
    if found["soort"] == "stand" and found["delen"]:
        assert sum(found["delen"].values()) == found["nu"], sentence
    if found["soort"] == "groei":
        assert found["begin"] + found["verandering"] == found["eind"], sentence
        assert sum(found["delen"].values()) == found["verandering"], sentence
    if found["soort"] == "maatregelen":
        assert sum(found["delen"].values()) - found["kosten"] == found["opbrengst"], sentence
    return found


def check_step(sentences: list[str]) -> None:
    """The sentences of one step (the total first, then per domein): Wmo + jeugd = the total for every amount."""
    found = [check_sentence(s) for s in sentences]
    total, domains = found[0], found[1:]
    assert total["domein"] == TOTAL and len({f["soort"] for f in found}) == 1
    if len(domains) < 2:
        return
    if total["soort"] == "stand":
        assert total["nu"] == sum(d["nu"] for d in domains)
        assert total["delen"] == {d["domein"]: d["nu"] for d in domains}  # written the same way in both sentences
    keys = {"groei": ("begin", "eind", "verandering"), "maatregelen": ("opbrengst", "kosten"), "rest": ("tekort",)}
    for key in keys.get(total["soort"], ()):
        assert total[key] == sum(d[key] for d in domains), (key, sentences)
    if total["soort"] == "groei":
        for factor in story.FACTOR_WORDS:
            assert total["delen"].get(factor, 0) == sum(d["delen"].get(factor, 0) for d in domains), (factor,
                                                                                                     sentences)
    if total["soort"] == "maatregelen" and not any("andere" in str(list(f["delen"])) for f in found):
        for name, value in total["delen"].items():
            assert value == sum(d["delen"].get(name, 0) for d in domains), (name, sentences)


SCENARIO = REPO / "data" / "voorbeeldscenario.json"
REGION = REPO / "data" / "voorbeeldregio"


def _run(dataset, values: dict | None = None):
    scenario = read_scenario(str(SCENARIO), dataset.voorziening_names, dataset.gemeente_names)
    return service.run(dataset, service.Settings(), with_values(scenario, values or {}))


@pytest.fixture(scope="module")
def runs() -> dict:
    sample, _ = load_dataset(SAMPLE)
    region = load_region(REGION)
    whole, _ = combine(region.datasets, "Voorbeeldregio")
    return {
        "voorbeeldgemeente": _run(sample),
        # a slider moved in the Sessie: larger effects, amounts above a million
        "voorbeeldgemeente met schuiven": _run(sample, {"Poortwachter begeleiding": -30.0,
                                                        "Algemene voorziening huishoudelijke hulp": -20.0,
                                                        "Besparing vervoer": -250_000.0}),
        "voorbeeldregio": _run(whole),
        "Beekdal": _run(region.datasets["Beekdal"]),
    }


CASES = ["voorbeeldgemeente", "voorbeeldgemeente met schuiven", "voorbeeldregio", "Beekdal"]


@pytest.mark.parametrize("case", CASES)
def test_every_sessie_step_adds_up_as_a_reader_adds_it(runs, case):
    run = runs[case]
    steps = story.session_steps(run.baseline, run.comparison, run.effects)
    assert len(steps) == 4
    for step in steps:
        check_step(step["zinnen"])


@pytest.mark.parametrize("case", CASES)
def test_the_sessie_chart_and_tiles_write_the_sentences_amounts(runs, case):
    run = runs[case]
    steps = story.session_steps(run.baseline, run.comparison, run.effects)
    unit, growth = story.growth_figures(run.baseline)
    total = growth[TOTAL]
    first, parts, last = waterfall_labels(total["start"], total["parts"], total["end"], unit)
    sentence = read(steps[1]["zinnen"][0])
    assert (euros(first), euros(last)) == (sentence["begin"], sentence["eind"])
    assert {f: euros(label) for f, label in parts.items() if euros(label)} == sentence["delen"]
    assert euros(first) + sum(euros(label) for label in parts.values()) == euros(last)
    # the tiles of steps 3 and 4 (screens/sessie.py): the sentences' amounts, written the same way
    measures_unit, measures = story.measure_figures(run.comparison, run.effects, run.final_year)
    tile = rounding.amount(measures[TOTAL]["delivered"], measures_unit)
    if run.effects.empty:
        assert euros(tile) == 0
    else:
        assert f"met {tile}" in steps[2]["zinnen"][0].replace("\u00a0", " ")
    remains_unit, remains = story.remains_figures(run.comparison, run.final_year)
    shortfall = rounding.nv_amount(remains[TOTAL]["gap"], remains_unit)
    gap = read(steps[3]["zinnen"][0])["tekort"]
    assert shortfall.removesuffix(" N").removesuffix(" V") in steps[3]["zinnen"][0].replace("\u00a0", " ")
    assert ("N" if gap > 0 else "V" if gap < 0 else "€ 0") in shortfall


def report_sentences(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", p)).replace("\u00a0", " ")
            for p in re.findall(r"<p class='zin'>(.*?)</p>", html, flags=re.S)]


@pytest.mark.parametrize("case", ["voorbeeldgemeente", "voorbeeldregio", "Beekdal"])
def test_every_sentence_of_the_raad_report_adds_up(runs, case):
    run = runs[case]
    sentences = report_sentences(report.render(run))
    readable = [s for s in sentences if not s.startswith(("Met de cijfers", "Regel:")) and " draagt " not in s
                and read(s)["soort"] != "terugblik"]
    found = [check_sentence(s) for s in readable]
    # the summary's four sentences are the totals; each domein's page says the same four things for the domein
    by_kind: dict[str, list[str]] = {}
    for sentence, f in zip(readable, found):
        by_kind.setdefault(f["soort"], [])
        if sentence not in by_kind[f["soort"]]:
            by_kind[f["soort"]].append(sentence)
    for kind, group in by_kind.items():
        assert read(group[0])["domein"] == TOTAL, kind
        check_step(group)
    # the year-end sentence: expected = budget + the deviation, in whole euros
    for sentence in sentences:
        if m := re.search(rf"verwachte jaarrekening ({AMOUNT}).*?begroting van ({AMOUNT}) is dat ({AMOUNT}) ([NV])",
                          sentence):
            assert euros(m[1]) == euros(m[2]) + (1 if m[4] == "N" else -1) * euros(m[3]), sentence


@pytest.mark.parametrize("case", ["voorbeeldgemeente", "voorbeeldregio"])
def test_the_reports_tables_add_up_in_whole_euros(runs, case):
    run = runs[case]
    for domein in [TOTAL, "Wmo", "Jeugd"]:
        rows = run.comparison_frame
        table = report.gap_table(rows.loc[(rows["domein"] == domein) & (rows["voorziening"] == TOTAL)])
        for _, row in table.iterrows():
            sign = 1 if row["Verschil (N/V)"].endswith("N") else -1
            difference = sign * euros(row["Verschil (N/V)"].removesuffix(" N").removesuffix(" V"))
            assert euros(row["Scenario"]) - euros(row["Begroting"]) == difference
        growth = report.growth_table(run.baseline, domein)
        amounts = [euros(v) for v in growth.iloc[:, 1]]
        assert sum(amounts[:-1]) == amounts[-1] and growth.iloc[-1, 0] == "Samen"
    if run.dataset.gemeenten:
        from presentation import regional

        shown = regional.growth_display(regional.growth_frame(run), run.baseline.last_year, run.final_year)
        columns = [c for c in shown.columns if c.startswith(("Realisatie", "Basisprognose", "Groei"))][:3]
        money = shown[columns].map(euros)
        assert (money.iloc[:, 0] + money.iloc[:, 2] == money.iloc[:, 1]).all()
        assert (money.iloc[:-1].sum() == money.iloc[-1]).all()
        sentence = regional.growth_sentence(regional.growth_frame(run), run.final_year)
        assert sentence.endswith(f"gemeenten samen: {shown[columns[2]].iloc[-1]}).")
