"""The quarterly report (tussentijdse rapportage) for the raad: the expected year-end per domein and voorziening,
N/V against the budget with the chance of overspending, the signals, the indicators with their status, and what
changed since the previous report (a kept stand, scenarios/snapshots.py; the split into clients, cost per client
and one-off bookings is defined in scenarios/snapshot_change.py). As HTML, A4 PDF (WeasyPrint, presentation/pdf.py)
and an Excel workbook.

Amounts add up as shown (presentation/rounding.py): in the sentences one unit for the whole report; the overall
amount is rounded on its own and the domeinen are its parts by the largest remainder; a difference is the rounded
expected year-end minus the rounded budget (or the rounded previous year-end), and the causes are the parts of
that difference. In the tables every voorziening is in whole euros, a domein's row is the sum of its voorzieningen
as shown, and a change's parts are split to its shown change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

import numpy as np
import pandas as pd

from forecasting import __version__
from forecasting.model.projection import TOTAL
from forecasting.monitor.indicators import Thresholds, status_rule
from forecasting.monitor.yearend import MONTH_NAMES, YearEnd
from presentation import monitor, rounding
from presentation.formatting import chance_pct, dutch_time, euro, euro_range, listing, number
from presentation.report import STYLE, _unbroken_html
from presentation.workbook import Block, write_workbook
from scenarios.snapshot_change import PARTS, by_domain, change_between, expected_clients, main_cause
from scenarios.snapshots import MOMENTS, Figure, Snapshot

DOMAIN_WORDS = {"Wmo": "de Wmo", "Jeugd": "de jeugdzorg", TOTAL: "Wmo en jeugd samen"}
PART_WORDS = {  # how a part reads in a sentence, for a rise and for a fall
    "clienten": ("meer cliënten", "minder cliënten"),
    "kosten_per_client": ("hogere kosten per cliënt", "lagere kosten per cliënt"),
    "eenmalig": ("een eenmalige boeking", "een eenmalige boeking die wegviel"),
    "overig": ("overige hogere kosten", "overige lagere kosten"),
}
PART_HEADINGS = {"clienten": "Aantal cliënten", "kosten_per_client": "Kosten per cliënt",
                 "eenmalig": "Eenmalige boekingen", "overig": "Overig"}
SHEETS = ("Rapportage", "Jaareinde", "Veranderingen", "Signalen", "Indicatoren")


def default_moment(month: int) -> str:
    """The kwartaalrapportage of the last complete quarter with figures (K1 before April)."""
    return f"kwartaalrapportage K{min(4, max(1, month // 3))}"


def day_text(moment: datetime) -> str:
    """'15 april 2025' (in Dutch time)."""
    moment = dutch_time(moment)
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year}"


def gemeente_of(run) -> str:
    return run.dataset.naam


def _voorziening_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[(frame["voorziening"] != TOTAL) & (frame["domein"] != TOTAL)]


def current_stand(run, yearend: YearEnd, moment: str, auteur: str = "", now: datetime | None = None) -> Snapshot:
    """The run's expected year-end as a stand to keep (not yet kept): per voorziening the figures of
    presentation/monitor.yearend_frame and the expected clients (scenarios/snapshot_change.expected_clients)."""
    frame = monitor.yearend_frame(yearend, run.budget)
    projection = yearend.projection
    figures = []
    for _, row in _voorziening_rows(frame).iterrows():
        v = projection.index(row["voorziening"])
        clients = expected_clients(run.dataset.tussentijds, run.dataset.realisatie, row["voorziening"],
                                   yearend.year, float(projection.clients[v, 0]))
        figures.append(Figure(row["domein"], row["voorziening"], float(np.nan_to_num(row["gerealiseerd"])),
                              float(row["verwacht"]), float(row["ondergrens"]), float(row["bovengrens"]),
                              float(row["begroting"]), float(row["eenmalig"]), float(clients)))
    return Snapshot(gemeente_of(run), moment, yearend.year, tuple(figures), yearend.through(), auteur,
                    now or datetime.now(UTC))


@dataclass
class Quarterly:
    """Everything the report shows, computed once."""

    gemeente: str
    year: int
    period: str  # 't/m september'
    current: Snapshot
    previous: Snapshot | None
    frame: pd.DataFrame  # presentation/monitor.yearend_frame
    signals: pd.DataFrame
    indicators: pd.DataFrame
    notes: tuple[str, ...]
    change: pd.DataFrame | None = None  # scenarios/snapshot_change.compare
    sentences: list[str] = field(default_factory=list)


def build(run, current: Snapshot, previous: Snapshot | None, yearend: YearEnd | None = None) -> Quarterly:
    yearend = yearend or monitor.yearend_of(run)
    items = monitor.indicators_of(run)
    frame = monitor.yearend_frame(yearend, run.budget)
    report = Quarterly(gemeente_of(run), yearend.year, yearend.label(), current, previous, frame,
                       monitor.cockpit_rows(run, yearend, items),
                       monitor.indicator_frame(items, Thresholds(), run.final_year, with_targets_only=True,
                                               measures=monitor.with_measures(run)),
                       yearend.notes)
    report.change = change_between(previous, current) if previous is not None else None
    report.sentences = sentences(report)
    return report


# --- sentences ------------------------------------------------------------------------------------------------


def _domain_order(frame: pd.DataFrame) -> list[str]:
    return [d for d in frame["domein"].drop_duplicates() if d != TOTAL]


def _shown_domains(total: float, parts: dict[str, float], unit: str) -> dict[str, float]:
    """The total rounded on its own and the domeinen as its parts (largest remainder), TOTAL included."""
    shown = rounding.split(total, parts, unit)
    return {**shown, TOTAL: rounding.rounded(total, unit)}


def _difference_words(shown: float, unit: str) -> str:
    if shown == 0:
        return "precies gelijk aan de begroting"
    kind = "een tekort (N)" if shown > 0 else "een overschot (V)"
    return f"{kind} van {rounding.amount(abs(shown), unit)}"


def _budget_sentences(report: Quarterly, unit: str) -> list[str]:
    frame = report.frame
    totals = frame.loc[frame["voorziening"] == TOTAL].set_index("domein")
    domains = _domain_order(frame)
    expected = _shown_domains(float(totals.loc[TOTAL, "verwacht"]),
                              {d: float(totals.loc[d, "verwacht"]) for d in domains}, unit)
    realised = _shown_domains(float(np.nan_to_num(totals.loc[TOTAL, "gerealiseerd"])),
                              {d: float(np.nan_to_num(totals.loc[d, "gerealiseerd"])) for d in domains}, unit)
    total = totals.loc[TOTAL]
    lines = [f"Met de cijfers {report.period} {report.year} ({rounding.amount(realised[TOTAL], unit)} besteed) is de "
             f"verwachte jaarrekening {report.year} voor Wmo en jeugd samen {rounding.amount(expected[TOTAL], unit)} "
             f"(80% zeker tussen {euro_range(total['ondergrens'], total['bovengrens'])})."
             if report.period else
             f"Er zijn nog geen tussentijdse cijfers over {report.year}; de verwachte jaarrekening is de "
             f"basisprognose: {rounding.amount(expected[TOTAL], unit)}."]
    with_budget = [d for d in [*domains, TOTAL] if np.isfinite(totals.loc[d, "begroting"])]
    if TOTAL in with_budget and all(d in with_budget for d in domains):
        budget = _shown_domains(float(totals.loc[TOTAL, "begroting"]),
                                {d: float(totals.loc[d, "begroting"]) for d in domains}, unit)
    else:
        budget = {d: rounding.rounded(float(totals.loc[d, "begroting"]), unit) for d in with_budget}
    for domein in [*domains, TOTAL]:
        if domein not in budget:
            lines.append(f"Voor {DOMAIN_WORDS.get(domein, domein)} is er geen begroting voor {report.year}.")
            continue
        difference = expected[domein] - budget[domein]
        lines.append(f"Voor {DOMAIN_WORDS.get(domein, domein)} is de verwachte jaarrekening "
                     f"{rounding.amount(expected[domein], unit)} tegenover een begroting van "
                     f"{rounding.amount(budget[domein], unit)}: {_difference_words(difference, unit)}; de kans op "
                     f"overschrijding is {chance_pct(totals.loc[domein, 'kans_overschrijding'])}.")
    return lines


def _change_sentences(report: Quarterly, unit: str) -> list[str]:
    previous = report.previous
    if previous is None:
        return ["Er is nog geen eerdere stand bewaard voor deze gemeente en dit jaar, dus er is niets om mee te "
                "vergelijken. Bewaar deze stand om bij de volgende rapportage te zien wat er veranderd is."]
    domains = by_domain(report.change).set_index("domein")
    names = list(domains.index)
    when = f"de {previous.moment} van {day_text(previous.gemaakt_op)}"
    before = _shown_domains(float(domains["vorige"].sum()), {d: float(domains.loc[d, "vorige"]) for d in names},
                            unit)
    after = _shown_domains(float(domains["nu"].sum()), {d: float(domains.loc[d, "nu"]) for d in names}, unit)
    lines = []
    for domein in [*names, TOTAL]:
        raw = ({p: float(domains[p].sum()) for p in PARTS} if domein == TOTAL
               else {p: float(domains.loc[domein, p]) for p in PARTS})
        who = DOMAIN_WORDS.get(domein, domein)
        shown = before[domein], after[domein]
        difference = shown[1] - shown[0]
        if difference == 0:
            exact = (float(domains["nu"].sum() - domains["vorige"].sum()) if domein == TOTAL
                     else float(domains.loc[domein, "nu"] - domains.loc[domein, "vorige"]))
            if abs(exact) < 0.5:
                lines.append(f"Sinds {when} is de verwachte jaarrekening voor {who} gelijk gebleven op "
                             f"{rounding.amount(shown[1], unit)}.")
            else:  # a change smaller than the rounding is named in euros, never called 'gelijk gebleven'
                more = "meer" if exact > 0 else "minder"
                lines.append(f"Sinds {when} is de verwachte jaarrekening voor {who} nauwelijks veranderd: "
                             f"{rounding.amount(shown[1], unit)}, {euro(abs(exact))} {more} (minder dan de afronding "
                             "van de bedragen in deze zinnen).")
            continue
        parts = {p: v for p, v in rounding.split(difference, raw, unit).items() if v != 0}
        verb, more = ("gestegen", "meer") if difference > 0 else ("gedaald", "minder")
        text = (f"Sinds {when} is de verwachte jaarrekening voor {who} {verb} van {rounding.amount(shown[0], unit)} "
                f"naar {rounding.amount(shown[1], unit)}, {rounding.amount(abs(difference), unit)} {more}")
        if parts:
            pieces = [f"{rounding.amount(abs(v), unit)} door {PART_WORDS[p][0 if v > 0 else 1]}"
                      for p, v in parts.items()]
            text += ": " + listing(pieces)
            main = max(parts, key=lambda p: (abs(parts[p]), abs(raw[p])))  # the largest shown, ties by the exact
            text += f". De belangrijkste oorzaak is {PART_WORDS[main][0 if parts[main] > 0 else 1]}"
        lines.append(text + ".")
    return lines


def report_unit(report: Quarterly) -> str:
    totals = report.frame.loc[report.frame["voorziening"] == TOTAL]
    return rounding.unit_of(*totals["verwacht"], *totals["begroting"].fillna(0))


def sentences(report: Quarterly) -> list[str]:
    unit = report_unit(report)
    return _budget_sentences(report, unit) + _change_sentences(report, unit)


# --- tables ---------------------------------------------------------------------------------------------------


def _whole(value) -> float:
    return float(np.round(value)) if value is not None and np.isfinite(value) else np.nan


def yearend_table(report: Quarterly) -> pd.DataFrame:
    return whole_euros(report.frame)


def in_whole_euros(frame: pd.DataFrame) -> pd.DataFrame:
    """A year-end frame with gerealiseerd, verwacht and verschil as `whole_euros` shows them (a blank stays
    blank), for a screen that shows more columns than the report."""
    whole = whole_euros(frame).set_index(["domein", "voorziening"])
    keys = pd.MultiIndex.from_frame(frame[["domein", "voorziening"]])
    return frame.assign(**{c: frame[c].where(frame[c].isna(), whole[c].reindex(keys).to_numpy())
                           for c in ("gerealiseerd", "verwacht", "verschil")})


def whole_euros(frame: pd.DataFrame) -> pd.DataFrame:
    """Per voorziening and domein and overall of a year-end frame (monitor.yearend_frame), numbers in whole euros:
    domein, voorziening, gerealiseerd, verwacht, ondergrens, bovengrens, begroting, verschil, kans_overschrijding.
    A domein's realised and expected amounts are its own rounded to the euro (as the signals say them), its
    voorzieningen split to it by the largest remainder, so they add up as shown; overall is the sum of the domeinen
    as shown. The report and the Monitor screen both show these."""
    rows = []
    for domein in _domain_order(frame):
        own = _voorziening_rows(frame.loc[frame["domein"] == domein])
        total = frame.loc[(frame["domein"] == domein) & (frame["voorziening"] == TOTAL)].iloc[0]
        split = {column: rounding.split(float(np.nan_to_num(total[column])), list(np.nan_to_num(
            own[column].to_numpy(dtype=float))), "eur") for column in ("gerealiseerd", "verwacht")}
        shown = []
        for i, (_, row) in enumerate(own.iterrows()):
            shown.append({"domein": domein, "voorziening": row["voorziening"],
                          "gerealiseerd": split["gerealiseerd"][i], "verwacht": split["verwacht"][i],
                          "ondergrens": _whole(row["ondergrens"]), "bovengrens": _whole(row["bovengrens"]),
                          "begroting": _whole(row["begroting"]), "kans_overschrijding": row["kans_overschrijding"]})
        rows += shown
        rows.append({"domein": domein, "voorziening": TOTAL,
                     "gerealiseerd": sum(r["gerealiseerd"] for r in shown),
                     "verwacht": sum(r["verwacht"] for r in shown),
                     "ondergrens": _whole(total["ondergrens"]), "bovengrens": _whole(total["bovengrens"]),
                     "begroting": _whole(total["begroting"]), "kans_overschrijding": total["kans_overschrijding"]})
    domain_rows = [r for r in rows if r["voorziening"] == TOTAL]
    overall = frame.loc[(frame["domein"] == TOTAL) & (frame["voorziening"] == TOTAL)].iloc[0]
    budgets = [r["begroting"] for r in domain_rows]
    rows.append({"domein": TOTAL, "voorziening": TOTAL, "gerealiseerd": sum(r["gerealiseerd"] for r in domain_rows),
                 "verwacht": sum(r["verwacht"] for r in domain_rows), "ondergrens": _whole(overall["ondergrens"]),
                 "bovengrens": _whole(overall["bovengrens"]),
                 "begroting": sum(budgets) if all(np.isfinite(budgets)) else _whole(overall["begroting"]),
                 "kans_overschrijding": overall["kans_overschrijding"]})
    table = pd.DataFrame(rows)
    return table.assign(verschil=table["verwacht"] - table["begroting"])


def change_table(report: Quarterly) -> pd.DataFrame:
    """Per voorziening, domein and overall: vorige, nu (whole euros; a domein's own total rounded, its voorzieningen
    split to it), verschil (nu - vorige as shown) and the parts split to it (they add up), with the main cause."""
    if report.change is None:
        return pd.DataFrame()
    rows = []
    for domein, own in report.change.groupby("domein", sort=False):
        shown = []
        ends = {c: rounding.split(float(own[c].sum()), list(own[c].astype(float)), "eur") for c in ("vorige", "nu")}
        for i, (_, row) in enumerate(own.iterrows()):
            before, after = ends["vorige"][i], ends["nu"][i]
            parts = rounding.split(after - before, {p: float(row[p]) for p in PARTS}, "eur")
            shown.append({"domein": domein, "voorziening": row["voorziening"], "vorige": before, "nu": after,
                          "verschil": after - before, **parts, "oorzaak": row["oorzaak"]})
        rows += shown
        rows.append(_sum_row(domein, shown))
    rows.append(_sum_row(TOTAL, [r for r in rows if r["voorziening"] == TOTAL]))
    return pd.DataFrame(rows)


def _sum_row(domein: str, rows: list[dict]) -> dict:
    sums = {c: sum(r[c] for r in rows) for c in ("vorige", "nu", "verschil", *PARTS)}
    return {"domein": domein, "voorziening": TOTAL, **sums, "oorzaak": main_cause(sums)[1]}


def _name(domein: str, voorziening: str) -> str:
    if voorziening != TOTAL:
        return voorziening
    return "Totaal Wmo en jeugd" if domein == TOTAL else f"Totaal {domein}"


def _nv_cell(value: float) -> str:
    if not np.isfinite(value):
        return ""
    return "€ 0" if value == 0 else f"{euro(abs(value))} {'N' if value > 0 else 'V'}"


def _signed(value: float) -> str:
    return "€ 0" if value == 0 else f"{'+' if value > 0 else '−'}{euro(abs(value))}"


def shown_yearend(report: Quarterly) -> pd.DataFrame:
    table = yearend_table(report)
    return pd.DataFrame({
        "Voorziening": [_name(d, v) for d, v in zip(table["domein"], table["voorziening"])],
        f"Gerealiseerd {report.period}": table["gerealiseerd"].map(euro),
        "Verwacht": table["verwacht"].map(euro),
        "80%-band": [euro_range(lo, hi) for lo, hi in zip(table["ondergrens"], table["bovengrens"])],
        "Begroting": table["begroting"].map(lambda v: euro(v) if np.isfinite(v) else "–"),
        "Verschil: tekort (N) of overschot (V)": table["verschil"].map(_nv_cell),
        "Kans op overschrijding": [chance_pct(p) if np.isfinite(b) else "" for p, b in
                                   zip(table["kans_overschrijding"], table["begroting"])],
    })


def shown_change(report: Quarterly) -> pd.DataFrame:
    table = change_table(report)
    if table.empty:
        return table
    return pd.DataFrame({
        "Voorziening": [_name(d, v) for d, v in zip(table["domein"], table["voorziening"])],
        "Vorige stand": table["vorige"].map(euro), "Nu": table["nu"].map(euro),
        "Verschil": table["verschil"].map(_signed),
        **{PART_HEADINGS[p]: table[p].map(_signed) for p in PARTS if (table[p] != 0).any()},
        "Belangrijkste oorzaak": table["oorzaak"].str.replace("kosten per cliënt", "kosten per\u00a0cliënt"),
    })


def shown_signals(report: Quarterly) -> pd.DataFrame:
    """The cockpit's signals of this year (the last plan year belongs to the begroting's report)."""
    signals = report.signals.loc[~report.signals["signaal"].str.startswith("Laatste planjaar")]
    return pd.DataFrame({"Onderwerp": signals["onderwerp"], "Signaal": signals["signaal"],
                         "Oordeel": signals["woord"], "Toelichting": signals["toelichting"]})


def shown_indicators(report: Quarterly) -> pd.DataFrame:
    table = report.indicators
    if table.empty:
        return table
    return pd.DataFrame({
        "Indicator": table["indicator"],
        "Laatste waarde": [f"{number(v, 1)} ({int(j)})" if pd.notna(j) else "" for v, j in
                           zip(table["laatste_waarde"], table["laatste_jaar"])],
        "Streefwaarde": [f"{number(v, 1)} in {int(j)}" for v, j in zip(table["streefwaarde"], table["streefjaar"])],
        "Status nu": table["status"], "Vooruitblik": table["toelichting"],
    })


# --- the documents ------------------------------------------------------------------------------------------


def title(report: Quarterly) -> str:
    return f"Tussentijdse rapportage {report.year}: {report.gemeente}"


def meta(report: Quarterly) -> str:
    current = report.current
    text = f"{current.moment[0].upper()}{current.moment[1:]}, cijfers {report.period or 'nog geen'} {report.year}"
    text += f" · {day_text(current.gemaakt_op)}"
    if current.auteur:
        text += f" · {current.auteur}"
    if report.previous is not None:
        text += (f" · vergeleken met de {report.previous.moment} van {day_text(report.previous.gemaakt_op)}"
                 f" (cijfers t/m {MONTH_NAMES[report.previous.tm_maand - 1] if report.previous.tm_maand else '–'})")
    return text


EXPLANATION = ("Verwacht = de gerealiseerde kosten doorgetrokken naar het jaareinde met het patroon van eerdere "
               "jaren, gewogen met de basisprognose. Een tekort (N, nadelig) betekent dat de verwachte jaarrekening "
               "boven de begroting ligt, een overschot (V, voordelig) dat ze eronder ligt. Het verschil met de "
               "vorige stand is gesplitst in: meer of minder cliënten, hogere of lagere kosten per cliënt, en "
               "eenmalige boekingen (een maand ver boven haar gebruikelijke deel van het jaar, één keer "
               "meegeteld). Bedragen in de zinnen zijn afgerond zodat ze optellen zoals ze er staan; in de tabellen "
               "in hele euro's.")


def _table(frame: pd.DataFrame, text_columns: tuple[str, ...] = ("Voorziening", "Belangrijkste oorzaak"),
           kind: str = "") -> str:
    """Amounts right-aligned (their heading too), the named text columns and any column without an amount left."""
    def numeric(column: str) -> bool:
        return column not in text_columns and frame[column].astype(str).str.contains(r"€|%|^\d", regex=True).any()

    kinds = {c: numeric(c) for c in frame.columns}
    head = "".join(f"<th{' class=bedrag' if kinds[c] else ''}>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td{' class=bedrag' if kinds[c] else ''}>{escape(str(v))}</td>"
                                    for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table class='{kind}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


EXTRA_STYLE = "table.verandering td:last-child{min-width:32mm} table.verandering{font-size:8pt}"
SIGNAL_TEXT = ("Onderwerp", "Signaal", "Oordeel", "Toelichting")
INDICATOR_TEXT = ("Indicator", "Status nu", "Vooruitblik")


def to_html(report: Quarterly) -> str:
    body = [f"<h1>{escape(title(report))}</h1>", f"<p class='meta'>{escape(meta(report))}</p>",
            "<h2>Samenvatting</h2>"]
    budget_count = len(report.sentences) - (len(by_domain(report.change)) + 1 if report.change is not None else 1)
    body += [f"<p class='zin'>{escape(s)}</p>" for s in report.sentences[:budget_count]]
    body.append(f"<div class='blok'><h2>Verwachte jaarrekening {report.year} per voorziening</h2>"
                f"{_table(shown_yearend(report))}</div>")
    if report.notes:
        body.append("<h3>Opvallende boekingen</h3><ul>" + "".join(f"<li>{escape(n)}</li>" for n in report.notes)
                    + "</ul>")
    body.append(f"<p class='bron'>{escape(EXPLANATION)}</p>")
    body.append("<h2>Wat is er veranderd sinds de vorige rapportage</h2>")
    body += [f"<p class='zin'>{escape(s)}</p>" for s in report.sentences[budget_count:]]
    if report.change is not None:
        body.append("<div class='blok'><h3>Per voorziening</h3>"
                    f"{_table(shown_change(report), kind='verandering')}</div>")
    body.append(f"<div class='blok'><h2>Signalen</h2>{_table(shown_signals(report), SIGNAL_TEXT)}</div>")
    indicators = shown_indicators(report)
    if not indicators.empty:
        body.append(f"<div class='blok'><h2>Indicatoren</h2>{_table(indicators, INDICATOR_TEXT)}</div>")
    body.append(f"<p class='bron'>Gemaakt met Grip {escape(__version__)}.</p>")
    return ("<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            f"<title>{escape(title(report))}</title><style>{STYLE}{EXTRA_STYLE}</style></head><body>"
            + _unbroken_html("".join(body)) + "</body></html>")


def to_pdf(report: Quarterly) -> bytes:
    from presentation import pdf

    return pdf.from_html(to_html(report))


def to_xlsx(report: Quarterly) -> bytes:
    """Sheets Rapportage (the sentences), Jaareinde, Veranderingen, Signalen, Indicatoren (numbers as numbers)."""
    euros = {c: "euro" for c in ("gerealiseerd", "verwacht", "ondergrens", "bovengrens", "begroting", "verschil",
                                 "vorige", "nu", *PARTS)}
    change = change_table(report)
    return write_workbook({
        "Rapportage": [Block(pd.DataFrame({"tekst": [title(report), meta(report), *report.sentences,
                                                     *report.notes, EXPLANATION]}))],
        "Jaareinde": [Block(yearend_table(report), {**euros, "kans_overschrijding": "chance"},
                            title=f"Verwachte jaarrekening {report.year} (verschil = verwacht - begroting, "
                                  "positief = tekort (N), negatief = overschot (V))")],
        "Veranderingen": [Block(change if not change.empty else pd.DataFrame({"toelichting": [
            "Er is nog geen eerdere stand bewaard."]}), euros, title="Verschil met de vorige stand")],
        "Signalen": [Block(report.signals.drop(columns=["kleur", "link"]))],
        "Indicatoren": [Block(report.indicators.drop(columns=["kleur"], errors="ignore"), monitor.INDICATOR_FORMATS,
                              title=status_rule(Thresholds()))],
    })


FORMATS = {".pdf": ("application/pdf", to_pdf), ".html": ("text/html", lambda r: to_html(r).encode("utf-8")),
           ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx)}


__all__ = ["FORMATS", "MOMENTS", "SHEETS", "Quarterly", "build", "current_stand", "default_moment", "to_html",
           "to_pdf", "to_xlsx"]
