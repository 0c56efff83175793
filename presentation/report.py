"""A printable, self-contained HTML report for the raad, generated from a scenario.

One summary page in plain Dutch with the key chart, then per domein the prognosis against the
budget, where growth comes from, what each measure delivers (with its uncertainty) and the
assumptions. Charts are inline SVG, so the file opens anywhere and prints as it looks.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from forecasting import __version__
from forecasting.model.baseline import Baseline
from forecasting.model.projection import TOTAL
from presentation import charts, regional, rounding
from presentation.formatting import chance_pct, date_text, euro, nv
from presentation.monitor import report_section
from presentation.story import FACTOR_LABELS, session_steps, unbroken
from scenarios.measures import LEVER_LABELS, Scenario

STYLE = """
body{font-family:"Source Sans Pro","Segoe UI",Arial,sans-serif;color:#1a1a1a;max-width:1000px;margin:2rem auto;
     padding:0 1.5rem;line-height:1.45}
h1{font-size:2rem;margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
.meta{color:#555} .zin{font-size:1.15rem;margin:.4rem 0}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.95rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left} th{background:#f3f5f7}
td.bedrag,th.bedrag{text-align:right}
.figuur svg{width:100%;height:auto} .bron{font-size:.85rem;color:#555}
td.bedrag,span.bedrag{white-space:nowrap}
@page{size:A4;margin:16mm 14mm}
@media print{body{margin:0;max-width:none;font-size:10pt;line-height:1.35} h1{font-size:17pt;margin-top:0}
  h2{font-size:13pt;margin-top:1.1rem} h3{font-size:10.5pt;margin:.6rem 0 .2rem}
  h1,h2,h3{break-after:avoid;page-break-after:avoid} .zin{font-size:10.5pt;margin:.25rem 0;orphans:3;widows:3}
  table,.figuur,tr,.blok{break-inside:avoid;page-break-inside:avoid} .figuur{text-align:center}
  .figuur svg{max-height:62mm} table{font-size:8.5pt;margin:.4rem 0} td,th{padding:.18rem .35rem}
  th{hyphens:auto;hyphenate-limit-chars:12 6 5}}
"""


AMOUNT_RANGE = re.compile(r"€[ \u00a0][0-9.,]+ – [0-9.,]+(?: mln| mld)?")  # '€ 8,9 – 9,1 mln'


def _unbroken_html(html: str) -> str:
    """HTML whose amounts, and ranges of amounts, never break across lines (a break after '–' is allowed by
    Unicode even between non-breaking spaces, hence the nowrap span)."""
    return AMOUNT_RANGE.sub(lambda m: f"<span class='bedrag'>{m.group(0)}</span>", unbroken(html))


def _is_amount(text: str) -> bool:
    """An amount, percentage or count: right-aligned and never broken across lines ('€ 1.234 N', '12%', '1.234')."""
    return "€" in text or text.endswith("%") or bool(re.fullmatch(r"[-−+]?[\d.,]+", text))


def _table(frame: pd.DataFrame) -> str:
    """Text columns left-aligned, columns of amounts right-aligned (their heading too); a year stays text."""
    texts = [[str(v) for v in frame[c]] for c in frame.columns]
    numeric = [c != "Jaar" and any(_is_amount(v) for v in column) for c, column in zip(frame.columns, texts)]
    head = "".join(f"<th{' class=bedrag' if n else ''}>{escape(str(c))}</th>" for c, n in zip(frame.columns, numeric))
    def cell(text: str, in_amounts: bool) -> str:
        return f"<td class='bedrag'>{escape(text)}</td>" if in_amounts and _is_amount(text) else (
            f"<td>{escape(text)}</td>")

    rows = "".join("<tr>" + "".join(cell(text, n) for text, n in zip(row, numeric)) + "</tr>" for row in zip(*texts))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _block(*html: str) -> str:
    """Parts that print on one page: a chart with its table, a heading with its table (never a page holding only
    a short table, never a table away from its heading)."""
    return "<div class='blok'>" + "".join(html) + "</div>"


def _figure(chart) -> str:
    return f'<div class="figuur">{charts.to_svg(chart)}</div>'


def gap_table(gap: pd.DataFrame) -> pd.DataFrame:
    """The gap per year for display: amounts in whole euros, N/V, probability in whole percents. The difference is
    that of the euros shown (presentation/rounding.py), so Scenario − Begroting = Verschil as written."""
    scenario, budget = gap["scenario"].round(), gap["begroting"].round()
    return pd.DataFrame({
        "Jaar": gap["jaar"].astype(str), "Basisprognose": gap["basisprognose"].map(euro),
        "Scenario": scenario.map(euro), "Begroting": budget.map(euro),
        "Verschil (N/V)": (scenario - budget).map(nv),
        "Kans op overschrijding": gap["kans_overschrijding"].map(chance_pct),
    })


def growth_table(baseline: Baseline, domein: str) -> pd.DataFrame:
    """The causes of growth in whole euros and their sum ('Samen'): the change between the rounded ends, the
    causes split from it by the largest remainder, so the column adds up as written."""
    history = baseline.history
    start = history.total(domein)[history.year_index(baseline.last_year)]
    _, _, together = rounding.change(start, baseline.projection.total(domein)[-1], "eur")
    parts = rounding.split(together, {f: part.total(domein)[-1] for f, part in baseline.growth.items()}, "eur")
    return pd.DataFrame({"Oorzaak": [*(FACTOR_LABELS[f] for f in FACTOR_LABELS), "Samen"],
                         f"Verandering {baseline.last_year}-{baseline.years[-1]}":
                             [*(euro(parts[f]) for f in FACTOR_LABELS), euro(together)]})


def _measure_table(scenario: Scenario, effects: pd.DataFrame, final: int) -> pd.DataFrame:
    at_final = effects.loc[effects["jaar"] == final].groupby("maatregel")[["effect", "uitvoeringskosten"]].sum()
    rows = []
    for m in scenario.active:
        setting = (f"{m.effect_pct:g}%" if m.hefboom != "bedrag" else euro(m.bedrag))
        spread = (f"{m.effect_min_pct:g}% tot {m.effect_max_pct:g}%" if m.uncertain else "niet opgegeven")
        effect = at_final.loc[m.naam, "effect"] if m.naam in at_final.index else 0.0
        cost = at_final.loc[m.naam, "uitvoeringskosten"] if m.naam in at_final.index else 0.0
        rows.append({"Maatregel": m.naam, "Doel": m.doel, "Hefboom": LEVER_LABELS[m.hefboom], "Start": m.startjaar,
                     "Instelling": setting, "Onzekerheid": spread, f"Effect {final}": euro(effect),
                     f"Uitvoeringskosten {final}": euro(cost)})
    return pd.DataFrame(rows)


def hindsight_section(run) -> str:
    """'Terugblik': how far past budgets were off next to Grip's forecast with what was known then (sentence,
    chart and table of the total); empty without past budgets."""
    from presentation import hindsight

    result = hindsight.hindsight_of(run)
    selection = hindsight.chart_selection(result)
    if selection is None:
        return ""
    sentence = hindsight.hindsight_sentence(result, run.dataset.last_year, selection)
    title = f"{'Sociaal domein' if selection == TOTAL else selection}: begroting, Grip toen en realisatie"
    return _block(
        "<h2>Terugblik: de begroting van eerdere jaren</h2>",
        f"<p class='zin'>{escape(unbroken(sentence))}</p>" if sentence else "",
        _figure(charts.dutch(charts.hindsight_lines(hindsight.chart_frame(result, selection), title), height=260)),
        _table(hindsight.display_table(result, selection)),
        f"<p class='bron'>{escape(hindsight.HOW_IT_WORKS)}</p>",
    )


def render(run) -> str:
    """The report of a run (grip/service.py)."""
    dataset, baseline, scenario = run.dataset, run.baseline, run.scenario
    output, gap, effects = run.output, run.comparison_frame, run.effects
    steps = session_steps(baseline, run.comparison, effects)
    final = baseline.years[-1]
    title = f"Meerjarenprognose sociaal domein — {dataset.naam} — scenario '{scenario.naam}'"
    parts = [
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>Scenario '{escape(scenario.naam)}' · prognose {baseline.years[0]}-{final} · "
        f"gemaakt op {date_text()} met Grip {__version__}</p>",
        "<h2>Samenvatting</h2>",
        *[f"<p class='zin'>{escape(unbroken(step['zinnen'][0]))}</p>" for step in steps],
        _block(_figure(charts.dutch(charts.cost_lines(charts.series_frame(output, TOTAL, TOTAL),
                                                      "Sociaal domein: realisatie, prognose, scenario en begroting"))),
               _table(gap_table(gap.loc[(gap["domein"] == TOTAL) & (gap["voorziening"] == TOTAL)]))),
    ]
    facts = pd.DataFrame([
        ("Gegevens", dataset.naam), ("Realisatie", f"{dataset.first_year}-{dataset.last_year}"),
        ("Indexatie", run.indexation_sentence),
        ("Modellen", run.model_summary),
        ("Niet meegenomen bij het schatten", ", ".join(map(str, baseline.excluded_years)) or "geen"),
        ("Onzekerheid", "80%-band: in 8 van de 10 gevallen valt de uitkomst erbinnen"),
    ], columns=["Aanname", "Waarde"])
    if dataset.gemeenten:  # a region: which gemeente drives the growth (presentation/regional.py)
        growth = regional.growth_frame(run)
        parts.append(_block("<h2>Gemeenten</h2>",
                            f"<p class='zin'>{escape(regional.growth_sentence(growth, final))}</p>",
                            _table(regional.growth_display(growth, baseline.last_year, final))))
    # the assumptions under the summary: on the page a raad member reads first, and no page of their own
    parts.append(_block("<h2>Aannames</h2>", _table(facts)))
    for position, domein in enumerate(dict.fromkeys(baseline.domains), start=1):
        domain_gap = gap.loc[(gap["domein"] == domein) & (gap["voorziening"] == TOTAL)]
        # every step has a sentence for the total, then one per domein, in this order
        sentences = [steps[i]["zinnen"][position] for i in (0, 1, 2, 3) if len(steps[i]["zinnen"]) > position]
        # a domein's sentences, chart and table print on one page; its growth table may go to the next one
        parts += [
            _block(f"<h2>{escape(domein)}</h2>", *[f"<p class='zin'>{escape(unbroken(s))}</p>" for s in sentences],
                   _figure(charts.dutch(charts.cost_lines(charts.series_frame(output, domein, TOTAL),
                                                          f"{domein}: prognose tegenover de begroting"))),
                   "<h3>Prognose tegenover de begroting</h3>", _table(gap_table(domain_gap))),
            _block("<h3>Waar komt de groei vandaan?</h3>", _table(growth_table(baseline, domein))),
        ]
    measures = _measure_table(scenario, effects, final)
    parts.append(_block(
        "<h2>Wat de maatregelen opleveren</h2>",
        f"<p class='zin'>{escape(unbroken(steps[2]['zinnen'][0]))}</p>",
        _table(measures) if not measures.empty else "<p>Dit scenario bevat geen actieve maatregelen.</p>",
        "<p class='bron'>Onzekere besparingen zijn met een bandbreedte opgenomen; de kans op overschrijding "
        "rekent die onzekerheid en die van de prognose samen door (2.000 simulaties).</p>"))
    parts.append(hindsight_section(run))  # how far past budgets were off (presentation/hindsight.py)
    # the expected year-end and the indicators (presentation/monitor.py); no amount breaks across lines there either
    parts.append(_unbroken_html(report_section(run)))
    body = "\n".join(parts)
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>")
