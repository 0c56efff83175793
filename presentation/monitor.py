"""What the monitor shows: the expected year-end against budget and prognosis, indicators with their status,
what a measure does to its indicator, the cockpit's signals and the raad report's section.

Every amount comes from a Projection (forecasting/model/projection.py: totals and bands) or the budget
(scenarios/budget.py); nothing is summed here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from forecasting.model.projection import TOTAL
from forecasting.monitor.indicators import (
    NO_STATUS,
    OFF_TRACK,
    ON_TRACK,
    STATUS_COLOURS,
    WATCH,
    Indicator,
    Thresholds,
    computed_values,
    indicators,
    status_rule,
    values_frame,
)
from forecasting.monitor.yearend import YearEnd, backtest_by_month, prognosis_floor, year_end
from presentation.formatting import chance_pct, euro, euro_range, number, nv
from presentation.story import unbroken
from presentation.tables import DOMAIN_ORDER
from scenarios.budget import Budget

GOOD, ATTENTION, ALARM, UNKNOWN = "#1a7f37", "#b35c00", "#c62828", "#6b7280"
MONITOR_PAGE, BUDGET_PAGE, DATA_PAGE = "screens/monitor.py", "screens/begroting.py", "screens/gegevens.py"
REGION_PAGE = "screens/regio.py"


@dataclass(frozen=True)
class SignalThresholds:
    """Gap to the budget as a share of the budget: above `let_op` a warning, above `tekort` an alarm; indicators
    by the status rule's thresholds; data older than `oud_jaren` years after the last realisation is old."""

    let_op: float = 0.0
    tekort: float = 0.02
    indicatoren: Thresholds = Thresholds()
    oud_jaren: int = 1


def yearend_of(run) -> YearEnd:
    """The expected year-end of the run's first forecast year (the year after the last realisation), its prognosis
    spread floored by the baseline's own backtest error one year ahead."""
    baseline = run.baseline
    floor = prognosis_floor(baseline.evaluations, baseline.choices, baseline.voorzieningen, baseline.domains)
    return year_end(run.dataset.tussentijds, baseline.projection, floor=floor)


def yearend_frame(yearend: YearEnd, budget: Budget) -> pd.DataFrame:
    """Per voorziening, domein and overall: jaar, domein, voorziening, gerealiseerd_tm (last month included),
    periode, gerealiseerd, verwacht, ondergrens, bovengrens, prognose, begroting, verschil (verwacht - begroting),
    nv, kans_overschrijding, verschil_prognose (verwacht - prognose), kans_boven_prognose, eenmalig (one-off
    bookings counted once), methode, gewicht."""
    projection, year = yearend.projection, [yearend.year]
    records = []
    low_v, high_v = projection.voorziening_bands()
    for domein, voorziening in projection.selections():
        single = voorziening != TOTAL
        v = projection.index(voorziening) if single else None
        expected = float(projection.point(domein, voorziening)[0])
        low, high = ((low_v[v, 0], high_v[v, 0]) if single else
                     tuple(float(b[0]) for b in projection.band(domein=domein)))
        amount = float(budget.amounts(year, domein, voorziening)[0])
        prognosis = float(yearend.prognosis.point(domein, voorziening)[0])
        realised = float(yearend.realised.point(domein, voorziening)[0])
        records.append({
            "jaar": yearend.year, "domein": domein, "voorziening": voorziening,
            "gerealiseerd_tm": yearend.through(domein, voorziening), "periode": yearend.label(domein, voorziening),
            "gerealiseerd": realised, "verwacht": expected, "ondergrens": low, "bovengrens": high,
            "prognose": prognosis, "begroting": amount, "verschil": expected - amount,
            "nv": nv(expected - amount),
            "kans_overschrijding": float(projection.probability_above(np.array([amount]), domein, voorziening)[0]),
            "verschil_prognose": expected - prognosis,
            "kans_boven_prognose": float(projection.probability_above(np.array([prognosis]), domein, voorziening)[0]),
            "eenmalig": float(yearend.one_off[projection.mask(domein, voorziening)].sum()),
            "methode": yearend.methods[v] if single else "",
            "gewicht_realisatie": float(yearend.weight[v]) if single else np.nan,
        })
    frame = pd.DataFrame(records)
    order = frame["domein"].map(DOMAIN_ORDER).fillna(5) * 2 + (frame["voorziening"] == TOTAL)
    return frame.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def backtest_frame(yearend: YearEnd) -> pd.DataFrame:
    """Per month: the mean absolute error of the pattern and of pro rata on earlier years, and the band's coverage."""
    return backtest_by_month(yearend.backtest)


def yearend_sentence(frame: pd.DataFrame) -> str:
    """One plain sentence on the overall expected year-end."""
    total = frame.loc[(frame["domein"] == TOTAL) & (frame["voorziening"] == TOTAL)].iloc[0]
    if not total["gerealiseerd_tm"]:
        return (f"Er zijn nog geen tussentijdse cijfers over {total['jaar']}; de verwachte jaarrekening is de "
                "basisprognose.")
    text = (f"Met de cijfers {total['periode']} {total['jaar']} ({euro(total['gerealiseerd'])} besteed) is de "
            f"verwachte jaarrekening {euro(total['verwacht'])} (80% zeker tussen "
            f"{euro_range(total['ondergrens'], total['bovengrens'])}).")
    if np.isfinite(total["begroting"]):
        text += (f" Tegenover de begroting van {euro(total['begroting'])} is dat {nv(total['verschil'])}; de kans "
                 f"op overschrijding is {chance_pct(total['kans_overschrijding'])}.")
    return text


def _first_year_row(frame: pd.DataFrame, domein: str, voorziening: str = TOTAL) -> pd.Series | None:
    """The year-end frame's row of a selection when it has in-year figures, else None."""
    rows = frame.loc[(frame["domein"] == domein) & (frame["voorziening"] == voorziening)]
    if rows.empty or not rows.iloc[0]["gerealiseerd_tm"]:
        return None
    return rows.iloc[0]


def budget_note(frame: pd.DataFrame, domein: str = TOTAL) -> str | None:
    """For the Begroting screen, whose first year is the prognosis: what the in-year figures make of that year
    (the Monitor's numbers, `frame` as the Monitor shows it); None without in-year figures."""
    row = _first_year_row(frame, domein)
    if row is None:
        return None
    which = "het sociaal domein" if domein == TOTAL else domein
    text = (f"De tabel toont voor {row['jaar']} de prognose. Met de tussentijdse cijfers {row['periode']} "
            f"{row['jaar']} verwacht Grip voor {which} {euro(row['verwacht'])} (80% zeker tussen "
            f"{euro_range(row['ondergrens'], row['bovengrens'])})")
    if np.isfinite(row["begroting"]):
        text += f", {nv(row['verschil'])} tegenover de begroting"
    return text + ". De Monitor laat zien waar dat vandaan komt."


def first_year_words(frame: pd.DataFrame, domein: str = TOTAL, voorziening: str = TOTAL) -> str | None:
    """Beside a gap table that shows the prognosis: '2025 met de tussentijdse cijfers t/m september: € 983.020 N
    (Monitor).'; None without in-year figures or without a budget for the selection."""
    row = _first_year_row(frame, domein, voorziening)
    if row is None or not np.isfinite(row["begroting"]):
        return None
    return f"{row['jaar']} met de tussentijdse cijfers {row['periode']}: {nv(row['verschil'])} (Monitor)."


# --- indicators -------------------------------------------------------------------------------------------


def indicators_of(run) -> list[Indicator]:
    return indicators(run.dataset, run.baseline, run.result.projection)


def with_measures(run) -> bool:
    """Whether the run's scenario has an active measure (else its 'scenario' is the baseline and is called so)."""
    return bool(run.scenario.active)


def target_sentence(item: Indicator, final_year: int, series: str = "scenario", measures: bool = True) -> str:
    """'Met deze maatregelen wordt de streefwaarde (19,0 in 2028) in 2027 bereikt.' or why not; 'Zonder
    maatregelen' for the baseline, and for a scenario without an active measure (`measures` False)."""
    if item.target is None:
        return ""
    target = item.target
    what = f"de streefwaarde ({number(target.streefwaarde, 1)} in {target.streefjaar})"
    who = "Met deze maatregelen" if series == "scenario" and measures else "Zonder maatregelen"
    if not getattr(item, series):
        if item.reached_in(series) is not None:
            return f"{what[0].upper()}{what[1:]} is in {item.reached_in(series)} bereikt."
        return f"Grip maakt voor deze indicator geen prognose; {what} is nog niet bereikt."
    year = item.reached_in(series)
    if year is None:
        return f"{who} wordt {what} tot en met {final_year} niet bereikt."
    late = " (later dan het streefjaar)" if year > target.streefjaar else ""
    at_target = item.values(series).get(target.streefjaar)
    if year < target.streefjaar and at_target is not None and not target.met(at_target):  # reached, then lost
        return (f"{who} wordt {what} in {year} bereikt, maar in {target.streefjaar} is de waarde weer "
                f"{number(at_target, 1)}.")
    return f"{who} wordt {what} in {year} bereikt{late}."


INDICATOR_FORMATS = {"basisjaar": "year", "streefjaar": "year", "laatste_jaar": "year", "bereikt_scenario": "year",
                     "bereikt_basis": "year", "startwaarde": "decimal", "streefwaarde": "decimal",
                     "laatste_waarde": "decimal", "streefpad": "decimal"}  # indicator_frame's cells in a workbook


def indicator_frame(items: list[Indicator], thresholds: Thresholds, final_year: int,
                    with_targets_only: bool = False, measures: bool = True) -> pd.DataFrame:
    """One row per indicator: target, latest value, the path's value that year, status (word), colour, and
    whether and when the target is reached under the scenario and the baseline."""
    rows = []
    for item in items:
        if with_targets_only and item.target is None:
            continue
        target, latest = item.target, item.latest
        year, value = latest if latest else (None, np.nan)
        rows.append({
            "indicator": item.naam, "eenheid": item.eenheid, "richting": item.richting,
            "basisjaar": target.basisjaar if target else None, "startwaarde": target.startwaarde if target else np.nan,
            "streefwaarde": target.streefwaarde if target else np.nan,
            "streefjaar": target.streefjaar if target else None, "laatste_jaar": year, "laatste_waarde": value,
            "streefpad": target.path(year) if target and year else np.nan,
            "status": item.status(thresholds), "kleur": STATUS_COLOURS[item.status(thresholds)],
            "status_prognose": item.projected_status(thresholds),
            "bereikt_scenario": item.reached_in("scenario"), "bereikt_basis": item.reached_in("baseline"),
            "toelichting": target_sentence(item, final_year, measures=measures), "bron": item.bron,
            "actualisatie": item.actualisatie,
            "berekend": item.computed,
        })
    return pd.DataFrame(rows)


def measure_indicator_frame(run, items: list[Indicator]) -> pd.DataFrame:
    """maatregel, indicator, jaar, zonder_maatregel, met_maatregel, effect: per active measure that names an
    indicator Grip computes, the indicator under the scenario and under the scenario without that measure."""
    columns = ["maatregel", "indicator", "jaar", "zonder_maatregel", "met_maatregel", "effect"]
    known = {item.naam.lower(): item for item in items}
    rows = []
    for measure in run.scenario.active:
        item = known.get(measure.indicator.lower()) if measure.indicator else None
        if item is None or not item.computed:
            continue
        values = computed_values(run.dataset, run.baseline, run.without(measure.naam))
        lookup = {name.lower(): series for name, (_, series) in values.items()}
        before = lookup[item.naam.lower()]
        for year, after in sorted(item.scenario.items()):
            rows.append((measure.naam, item.naam, year, before[year], after, after - before[year]))
    return pd.DataFrame(rows, columns=columns)


def unknown_measure_indicators(run, items: list[Indicator]) -> list[str]:
    """Dutch lines for measures naming an indicator Grip does not know or cannot compute."""
    known = {item.naam.lower(): item for item in items}
    lines = []
    for measure in run.scenario.active:
        if not measure.indicator:
            continue
        item = known.get(measure.indicator.lower())
        if item is None:
            lines.append(f"Maatregel '{measure.naam}' noemt indicator '{measure.indicator}', die Grip niet kent.")
        elif not item.computed:
            lines.append(f"Maatregel '{measure.naam}' noemt indicator '{measure.indicator}'; Grip kan het effect "
                         "daarop niet berekenen (de waarden komen uit 'indicatorwaarden').")
    return lines


# --- the cockpit ------------------------------------------------------------------------------------------


def _gap_signal(gap: float, amount: float, thresholds: SignalThresholds) -> tuple[str, str]:
    if not np.isfinite(gap) or not np.isfinite(amount) or amount <= 0:
        return "geen begroting", UNKNOWN
    share = gap / amount
    if share > thresholds.tekort:
        return "tekort", ALARM
    if share > thresholds.let_op:
        return "let op", ATTENTION
    return "binnen begroting", GOOD


def _indicator_signal(items: list[Indicator], thresholds: Thresholds, measures: bool = True
                      ) -> tuple[str, str, str]:
    statuses = [item.status(thresholds) for item in items if item.target is not None]
    projected = [item.projected_status(thresholds) for item in items if item.target is not None]
    if not statuses:
        return "geen doelen", UNKNOWN, "Geen indicatoren met een streefwaarde."
    worst = OFF_TRACK if OFF_TRACK in statuses else WATCH if WATCH in statuses else ON_TRACK
    off = sum(s == OFF_TRACK for s in statuses)
    later = sum(s == OFF_TRACK for s in projected)
    according = "volgens het scenario" if measures else "zonder maatregelen"
    text = f"{off} van {len(statuses)} indicatoren uit koers; in het streefjaar {according} {later} uit koers."
    if worst == ON_TRACK and later:
        worst = WATCH
    return worst, STATUS_COLOURS[worst], text


def cockpit_rows(run, yearend: YearEnd, items: list[Indicator], thresholds: SignalThresholds = SignalThresholds(),
                 largest: int = 3, today: date | None = None, expected: tuple[str, str, str] | None = None
                 ) -> pd.DataFrame:
    """One row per signal for each domein, the overall total and the `largest` voorzieningen (the largest
    deviation of the expected year-end from the prognosis in euros, then the largest expected cost; the last plan
    year only where a voorziening has a budget of its own):
    onderwerp, domein, voorziening, signaal ('Jaareinde 2025', 'Laatste planjaar 2029', 'Indicatoren',
    'Gegevens', and for a region 'Verwacht en werkelijk'), woord (never colour alone), kleur, toelichting, link
    (the screen that explains it). `expected` is a region's (word, colour, text) from
    presentation.regional.expected_signal."""
    frame = yearend_frame(yearend, run.budget)
    comparison = run.comparison
    final = run.final_year
    t_final = comparison.years.index(final)
    projection = yearend.projection
    if run.dataset.gemeenten:  # a region: domeinen and total only; the gemeenten are compared on Regio
        largest = 0
    deviation = np.abs(projection.cost[:, 0] - yearend.prognosis.cost[:, 0])  # what the in-year figures moved
    biggest = np.lexsort((-projection.cost[:, 0], -deviation))[:largest]  # ties (no figures): the largest cost
    selections = [(d, TOTAL) for d in projection.domain_names] + [(TOTAL, TOTAL)] + [
        (projection.domains[v], projection.voorzieningen[v]) for v in biggest]
    plan_word = "scenario" if with_measures(run) else "prognose"
    rows = []
    for domein, voorziening in selections:
        subject = voorziening if voorziening != TOTAL else ("Totaal" if domein == TOTAL else domein)
        this = frame.loc[(frame["domein"] == domein) & (frame["voorziening"] == voorziening)].iloc[0]
        word, colour = _gap_signal(this["verschil"], this["begroting"], thresholds)
        basis = "verwachte jaarrekening" if this["gerealiseerd_tm"] else "basisprognose (geen tussentijdse cijfers)"
        if word == "geen begroting":
            word, colour = ("boven prognose", ATTENTION) if this["verschil_prognose"] > 0.01 * this["prognose"] \
                else ("volgens prognose", GOOD)
            text = f"{basis}: {euro(this['verwacht'])}, {nv(this['verschil_prognose'])} tegenover de prognose"
        else:
            text = (f"{basis}: {nv(this['verschil'])} tegenover de begroting, kans op overschrijding "
                    f"{chance_pct(this['kans_overschrijding'])}")
        rows.append((subject, domein, voorziening, f"Jaareinde {yearend.year}", word, colour, text, MONITOR_PAGE))
        gap = float(comparison.gap(domein, voorziening)[t_final])
        amount = float(comparison.budgeted(domein, voorziening)[t_final])
        if voorziening != TOTAL and not np.isfinite(amount):  # budgets are per domein: no line for nothing
            continue
        word, colour = _gap_signal(gap, amount, thresholds)
        text = (f"{plan_word} {nv(gap)} tegenover de begroting, kans op overschrijding "
                f"{chance_pct(float(comparison.probability_over(domein, voorziening)[t_final]))}"
                if np.isfinite(amount) else "geen begroting voor dit jaar")
        rows.append((subject, domein, voorziening, f"Laatste planjaar {final}", word, colour, text, BUDGET_PAGE))
    word, colour, text = _indicator_signal(items, thresholds.indicatoren, with_measures(run))
    rows.append(("Indicatoren", TOTAL, TOTAL, "Indicatoren", word, colour, text, MONITOR_PAGE))
    rows.append(("Gegevens", TOTAL, TOTAL, "Gegevens", *_data_signal(run, yearend, thresholds, today), DATA_PAGE))
    if expected is not None:
        rows.append(("Regio", TOTAL, TOTAL, "Verwacht en werkelijk", *expected, REGION_PAGE))
    return pd.DataFrame(rows, columns=["onderwerp", "domein", "voorziening", "signaal", "woord", "kleur",
                                       "toelichting", "link"])


def _data_signal(run, yearend: YearEnd, thresholds: SignalThresholds, today: date | None) -> tuple[str, str, str]:
    year = (today or date.today()).year
    last = run.dataset.last_year
    if year - last > 1 + thresholds.oud_jaren:
        return "verouderd", ALARM, f"De laatste realisatie is van {last}; vul de jaarrekeningen daarna aan."
    if not yearend.has_figures:
        return "ontbreekt", ATTENTION, (f"Geen tussentijdse cijfers over {yearend.year}; de verwachte jaarrekening "
                                        "is de basisprognose. Lever 'tussentijds' aan.")
    missing = [v for v, m in zip(yearend.projection.voorzieningen, yearend.through_month) if m == 0]
    if missing:
        return "onvolledig", ATTENTION, f"Geen tussentijdse cijfers voor {', '.join(missing)}."
    return "actueel", GOOD, f"Realisatie t/m {last}, tussentijdse cijfers {yearend.label()} {yearend.year}."


# --- the raad report's section ------------------------------------------------------------------------------


def _status_badge(word: str) -> str:
    colour = STATUS_COLOURS.get(word, UNKNOWN)
    return (f'<span style="color:{colour};font-weight:600">&#9679; {html.escape(word)}</span>')


def report_section(run, yearend: YearEnd | None = None, items: list[Indicator] | None = None,
                   thresholds: Thresholds | None = None) -> str:
    """The raad report's section on the expected year-end and the indicators, as one HTML <section>."""
    thresholds = thresholds or Thresholds()
    yearend = yearend or yearend_of(run)
    items = items if items is not None else indicators_of(run)
    frame = yearend_frame(yearend, run.budget)
    totals = frame.loc[frame["voorziening"] == TOTAL]
    body = [f"<section id=\"monitor\"><h2>Verwachte jaarrekening {yearend.year} en indicatoren</h2>",
            f"<p>{html.escape(unbroken(yearend_sentence(frame)))}</p>",
            "<table><thead><tr><th>Domein</th><th>Gerealiseerd</th><th>Verwacht</th><th>80%-band</th>"
            "<th>Begroting</th><th>Verschil</th><th>Kans op overschrijding</th></tr></thead><tbody>"]
    for _, row in totals.iterrows():
        body.append(f"<tr><td>{html.escape(row['domein'])}</td><td>{euro(row['gerealiseerd'])} "
                    f"{html.escape(row['periode'])}</td><td>{euro(row['verwacht'])}</td>"
                    f"<td>{euro_range(row['ondergrens'], row['bovengrens'])}</td><td>{euro(row['begroting'])}</td>"
                    f"<td>{nv(row['verschil'])}</td><td>{chance_pct(row['kans_overschrijding'])}</td></tr>")
    body.append("</tbody></table>")
    table = indicator_frame(items, thresholds, run.final_year, with_targets_only=True, measures=with_measures(run))
    if not table.empty:
        body.append("<h3>Indicatoren met een streefwaarde</h3><table><thead><tr><th>Indicator</th><th>Laatste "
                    "waarde</th><th>Streefwaarde</th><th>Status nu</th><th>Vooruitblik</th></tr></thead><tbody>")
        for _, row in table.iterrows():
            latest = (f"{number(row['laatste_waarde'], 1)} ({int(row['laatste_jaar'])})"
                      if pd.notna(row["laatste_jaar"]) else "")
            body.append(f"<tr><td>{html.escape(row['indicator'])}</td><td>{latest}</td>"
                        f"<td>{number(row['streefwaarde'], 1)} in {int(row['streefjaar'])}</td>"
                        f"<td>{_status_badge(row['status'])}</td><td>{html.escape(row['toelichting'])}</td></tr>")
        body.append(f"</tbody></table><p><small>{html.escape(status_rule(thresholds))}</small></p>")
    effects = measure_indicator_frame(run, items)
    if not effects.empty:
        last = effects.loc[effects["jaar"] == effects["jaar"].max()]
        body.append("<h3>Wat de maatregelen met hun indicator doen</h3><ul>")
        for _, row in last.iterrows():
            body.append(f"<li>{html.escape(row['maatregel'])}: {html.escape(row['indicator'])} in "
                        f"{int(row['jaar'])} {number(row['met_maatregel'], 1)} in plaats van "
                        f"{number(row['zonder_maatregel'], 1)} ({number(row['effect'], 1)}).</li>")
        body.append("</ul>")
    body.append("</section>")
    return "".join(body)


__all__ = ["NO_STATUS", "SignalThresholds", "Thresholds", "cockpit_rows", "indicator_frame",
           "report_section", "status_rule", "values_frame", "yearend_frame"]
