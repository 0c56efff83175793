"""One look for every chart (screens, exports and reports): Dutch number formats, fixed colours per kind of line.

Realisation, prognosis (with band), scenario and budget have the same colour and line
style on every screen. The palette is Okabe-Ito, which stays distinguishable for the
common forms of colour blindness.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from presentation import rounding

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                   "september", "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
}

# Okabe-Ito colours, one fixed meaning each
SERIES_STYLE = {
    "Realisatie": {"color": "#000000", "dash": []},
    "Basisprognose": {"color": "#0072B2", "dash": [6, 3]},
    "Scenario": {"color": "#009E73", "dash": []},
    "Begroting": {"color": "#D55E00", "dash": [2, 2]},
}
DOMAIN_COLORS = {"Wmo": "#0072B2", "Jeugd": "#E69F00", "Totaal": "#000000"}
EURO = "$,.0f"
YEAR = "d"


def dutch(chart: alt.TopLevelMixin, height: int = 360, font: int = 13) -> alt.TopLevelMixin:
    """Apply the Dutch locale and the house style to a finished chart (`font` larger for a projector)."""
    large = {"labelLimit": 0} if font > 15 else {}  # projector sizes: '€ 20.000.000' whole, never '€ 20.000…'
    return chart.properties(height=height).configure(locale=DUTCH_LOCALE).configure_axis(
        labelFontSize=font, titleFontSize=font, **large
    ).configure_legend(labelFontSize=font, titleFontSize=font, orient="bottom", symbolStrokeWidth=3,
                       columns=2 if font > 15 else 4).configure_title(
        fontSize=font + 2).configure_text(fontSize=font - 1)


def series_scale(present=None) -> tuple[alt.Scale, alt.Scale]:
    """Colour and dash scales for the series; only those `present` get a legend entry."""
    names = [n for n in SERIES_STYLE if present is None or n in set(present)] or list(SERIES_STYLE)
    color = alt.Scale(domain=names, range=[SERIES_STYLE[n]["color"] for n in names])
    dash = alt.Scale(domain=names, range=[SERIES_STYLE[n]["dash"] for n in names])
    return color, dash


def without_copied_scenario(frame: pd.DataFrame) -> pd.DataFrame:
    """The lines without 'Scenario' when it is the baseline itself (no measures): drawn on top of it, it would hide
    the baseline while the legend lists both."""
    if "reeks" not in frame:
        return frame
    scenario = frame.loc[frame["reeks"] == REEKS_LABELS["scenario"]].set_index("jaar")["bedrag"]
    baseline = frame.loc[frame["reeks"] == REEKS_LABELS["basisprognose"]].set_index("jaar")["bedrag"]
    if scenario.empty or not scenario.index.equals(baseline.index) or not np.allclose(scenario, baseline):
        return frame
    return frame.loc[frame["reeks"] != REEKS_LABELS["scenario"]]


def cost_lines(frame: pd.DataFrame, title: str = "", variants: pd.DataFrame | None = None) -> alt.Chart:
    """Lines of `bedrag` per `jaar` for the series in column `reeks` (Realisatie, Basisprognose, ...).

    Optional columns `ondergrens`/`bovengrens` draw the 80% band of the prognosis. `variants` (from
    `variant_frame`) adds the spread of the population forecast as a second, lighter band with dash-dotted edges
    and its own entry in the legend.
    """
    frame = without_copied_scenario(frame)
    color, dash = series_scale(frame["reeks"].unique() if "reeks" in frame else None)
    with_variants = variants is not None and not variants.empty
    if with_variants:  # one legend: the variant band's edges join the lines' colour and dash scales
        label = str(variants["reeks"].iloc[0])
        color = alt.Scale(domain=[*color.domain, label], range=[*color.range, VARIANT_STYLE["color"]])
        dash = alt.Scale(domain=[*dash.domain, label], range=[*dash.range, VARIANT_STYLE["dash"]])
    base = alt.Chart(frame).encode(x=alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format=YEAR, tickMinStep=1)))
    tooltip = [
        alt.Tooltip("jaar:Q", title="Jaar", format=YEAR),
        alt.Tooltip("reeks:N", title="Reeks"),
        alt.Tooltip("bedrag:Q", title="Bedrag", format=EURO),
    ]
    legend = alt.Legend(orient="bottom", title=None, symbolType="stroke", symbolSize=400, labelLimit=0,
                        **({"columns": 2} if with_variants else {}))  # the long variant label fits at 1024 px
    layers = [
        base.mark_line(point=True, strokeWidth=2.5).encode(
            y=alt.Y("bedrag:Q", title="Bedrag", axis=alt.Axis(format=EURO)),
            color=alt.Color("reeks:N", title=None, scale=color, legend=legend),
            strokeDash=alt.StrokeDash("reeks:N", title=None, scale=dash, legend=legend),
            tooltip=tooltip,
        )
    ]  # lines first: the legend shows line symbols
    if {"ondergrens", "bovengrens"} <= set(frame.columns):
        band = frame.dropna(subset=["ondergrens", "bovengrens"])
        layers.append(
            alt.Chart(band).mark_area(opacity=0.16).encode(
                x="jaar:Q",
                y=alt.Y("ondergrens:Q", title="Bedrag", axis=alt.Axis(format=EURO)),
                y2="bovengrens:Q",
                color=alt.Color("reeks:N", scale=color, legend=None),
                tooltip=[
                    alt.Tooltip("jaar:Q", title="Jaar", format=YEAR),
                    alt.Tooltip("reeks:N", title="Band van"),
                    alt.Tooltip("ondergrens:Q", title="Ondergrens (P10)", format=EURO),
                    alt.Tooltip("bovengrens:Q", title="Bovengrens (P90)", format=EURO),
                ],
            )
        )
    if with_variants:
        layers += variant_layers(variants, color, dash)
    return alt.layer(*layers).properties(title=title)


# Okabe-Ito reddish purple, used by no other line; dash-dot, unlike the prognosis (dashed) and budget (dotted)
VARIANT_STYLE = {"color": "#CC79A7", "dash": [6, 2, 1, 2]}
VARIANT_ORDER = ("laag", "midden", "hoog")


def variant_frame(variants: dict, point, domein: str, voorziening: str, years, start=None) -> pd.DataFrame:
    """The spread of the population variants for one line: jaar, laag, hoog (the lowest and highest of the
    variants and midden) and reeks (the legend text, 'Bevolkingsprognose laag–hoog').

    `variants` maps a variant name to its Projection (Baseline.variants), `point` is the midden prognosis [T] of
    the line and `start` an optional (year, amount) where the band begins (the last realised year, so that it
    joins the lines). Empty without variants."""
    if not variants:
        return pd.DataFrame(columns=["jaar", "laag", "hoog", "reeks"])
    values = {name: part.point(domein, voorziening) for name, part in variants.items()}
    values["midden"] = point
    stacked = pd.DataFrame(values, index=list(years))
    names = [n for n in VARIANT_ORDER if n in values]
    frame = pd.DataFrame({"jaar": list(years), "laag": stacked.min(axis=1).to_numpy(),
                          "hoog": stacked.max(axis=1).to_numpy()})
    if start is not None:
        frame = pd.concat([pd.DataFrame({"jaar": [start[0]], "laag": [start[1]], "hoog": [start[1]]}), frame])
    frame["reeks"] = f"Bevolkingsprognose {names[0]}–{names[-1]}"
    return frame.reset_index(drop=True)


def variant_layers(variants: pd.DataFrame, color: alt.Scale, dash: alt.Scale) -> list[alt.Chart]:
    """A light band from the low to the high population variant, with dash-dotted edges that carry the legend."""
    tooltip = [
        alt.Tooltip("jaar:Q", title="Jaar", format=YEAR),
        alt.Tooltip("laag:Q", title="Bij de lage bevolkingsprognose", format=EURO),
        alt.Tooltip("hoog:Q", title="Bij de hoge bevolkingsprognose", format=EURO),
    ]
    band = alt.Chart(variants).mark_area(opacity=0.22, color=VARIANT_STYLE["color"]).encode(
        x="jaar:Q", y=alt.Y("laag:Q", title="Bedrag", axis=alt.Axis(format=EURO)), y2="hoog:Q", tooltip=tooltip)
    edges = alt.Chart(variants).transform_fold(["laag", "hoog"], as_=["rand", "bedrag"]).mark_line(
        strokeWidth=1.8).encode(
        x="jaar:Q", y="bedrag:Q", detail="rand:N",
        color=alt.Color("reeks:N", scale=color, title=None),
        strokeDash=alt.StrokeDash("reeks:N", scale=dash, title=None),
        tooltip=tooltip,
    )
    return [band, edges]


def domain_lines(frame: pd.DataFrame, value: str = "bedrag", title: str = "Kosten") -> alt.Chart:
    """Lines of `value` per `jaar`, one per `domein`, in the fixed domain colours."""
    names = [d for d in DOMAIN_COLORS if d in set(frame["domein"])]
    return alt.Chart(frame).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format=YEAR, tickMinStep=1)),
        y=alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format=EURO)),
        color=alt.Color("domein:N", title="Domein",
                        scale=alt.Scale(domain=names, range=[DOMAIN_COLORS[n] for n in names])),
        tooltip=[
            alt.Tooltip("jaar:Q", format=YEAR, title="Jaar"),
            alt.Tooltip("domein:N", title="Domein"),
            alt.Tooltip(f"{value}:Q", format=EURO, title=title),
        ],
    )


REEKS_LABELS = {"realisatie": "Realisatie", "basisprognose": "Basisprognose", "scenario": "Scenario",
                "begroting": "Begroting"}


def series_frame(output: pd.DataFrame, domein: str, voorziening: str) -> pd.DataFrame:
    """Rows of one line (a voorziening or a total) from the long output, with display labels.

    The last realised year is repeated as the start of the prognosis so the lines join.
    """
    rows = output.loc[(output["domein"] == domein) & (output["voorziening"] == voorziening)].copy()
    rows["reeks"] = rows["reeks"].map(REEKS_LABELS).fillna(rows["reeks"])
    realised = rows.loc[rows["reeks"] == "Realisatie"]
    if not realised.empty:
        joint = realised.loc[[realised["jaar"].idxmax()]].copy()
        for reeks in ("Basisprognose", "Scenario"):
            if (rows["reeks"] == reeks).any():
                rows = pd.concat([rows, joint.assign(reeks=reeks, ondergrens=joint["bedrag"],
                                                     bovengrens=joint["bedrag"])])
    return rows.sort_values(["reeks", "jaar"]).reset_index(drop=True)


COMPOUNDS = {"basisprognose": "Basis-|prognose", "uitvoeringskosten": "Uitvoerings-|kosten",
             "huishoudelijke": "huishoude-|lijke", "begeleiding": "begelei-|ding"}


def _wrapped(label: str, width: int = 12) -> str:
    """Words on lines of about `width` characters, joined by '|' (split again by the axis); long words hyphenated."""
    lines: list[str] = []
    words = []
    for word in str(label).split():
        if len(word) > width:
            known = COMPOUNDS.get(word.lower())
            if known:
                known = word[0] + known[1:] if word[0].isupper() else known
            words += (known or f"{word[:len(word) // 2]}-|{word[len(word) // 2:]}").split("|")
        else:
            words.append(word)
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "|".join(lines)


def waterfall_labels(start: float, parts: dict[str, float], end: float,
                     unit: str | None = None) -> tuple[str, dict[str, str], str]:
    """The amounts on a waterfall's bars as a reader adds them (presentation/rounding.py): one unit, the change
    from the rounded ends and the parts split from it, so start + parts = end exactly as written ('+€ 0,4 mln').

    Pass the amounts as shown elsewhere on the screen (presentation/story *_figures) and the labels agree."""
    unit = unit or rounding.unit_of(start, end, *parts.values())
    first, last, change = rounding.change(start, end, unit)
    shown = rounding.split(change, parts, unit)
    return (rounding.amount(first, unit), {k: rounding.signed_amount(v, unit) for k, v in shown.items()},
            rounding.amount(last, unit))


def waterfall(start_label: str, start: float, parts: dict[str, float], end_label: str,
              shown: tuple[float, dict[str, float], float] | None = None, unit: str | None = None) -> alt.Chart:
    """From a starting amount through signed parts to the end amount.

    The axis starts near the smallest total (not at € 0, and says so), so that the parts are visible; every
    bar carries its amount (`waterfall_labels`; from `shown` = (start, parts, end) as rounded elsewhere on the
    screen when given) and every step its (wrapped) name."""
    rows, level = [{"stap": start_label, "van": 0.0, "tot": start, "bedrag": start, "soort": "Totaal"}], start
    for label, value in parts.items():
        rows.append({"stap": label, "van": level, "tot": level + value, "bedrag": value,
                     "soort": "Stijging" if value >= 0 else "Daling"})
        level += value
    rows.append({"stap": end_label, "van": 0.0, "tot": level, "bedrag": level, "soort": "Totaal"})
    frame = pd.DataFrame(rows)
    frame["as"] = frame["stap"].map(lambda label: _wrapped(label, 26))
    frame["boven"] = frame[["van", "tot"]].max(axis=1)
    first, steps, last = waterfall_labels(*(shown or (start, parts, level)), unit=unit)
    frame["tekst"] = [first, *(steps[label] for label in parts), last]
    levels = [start, level] + [r["van"] for r in rows[1:-1]] + [r["tot"] for r in rows[1:-1]]
    low, high = min(levels), max(levels)
    pad = max((high - low) * 0.35, abs(high) * 0.02, 1.0)
    floor = max(0.0, low - pad) if low >= 0 else low - pad
    domain = [floor, high + pad * 1.2]  # room on the right for the amounts
    order = list(frame["as"])
    kinds = {"Totaal": "#0072B2", "Stijging": "#D55E00", "Daling": "#009E73"}
    drawn = [kind for kind in kinds if kind in set(frame["soort"])]  # no legend entry for what is not drawn
    colors = alt.Scale(domain=drawn, range=[kinds[kind] for kind in drawn])
    title = "Bedrag" if floor == 0 else "Bedrag (de as begint niet bij € 0)"
    # horizontal: the names of the steps (measures can have long ones) read on the left at any width
    y = alt.Y("as:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=0, labelExpr="split(datum.label, '|')", labelOverlap=False, labelPadding=6))
    bars = alt.Chart(frame).mark_bar(size=22, clip=True).encode(
        y=y,
        x=alt.X("van:Q", title=title, axis=alt.Axis(format=EURO, tickCount=4),
                scale=alt.Scale(domain=domain, zero=False, nice=False)),
        x2="tot:Q",
        color=alt.Color("soort:N", scale=colors, title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("stap:N", title="Stap"), alt.Tooltip("bedrag:Q", title="Bedrag", format=EURO)],
    )
    labels = alt.Chart(frame).mark_text(dx=5, align="left", fontSize=13, fontWeight="bold").encode(
        y=alt.Y("as:N", sort=order), x="boven:Q", text="tekst:N",
    )
    return alt.layer(bars, labels)


EXPORT_WIDTH = 900


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG (rendered locally by vl-convert; nothing is downloaded)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_sized(chart).to_json())


def to_png(chart: alt.TopLevelMixin, scale: float = 3.0) -> bytes:
    """The chart as PNG; scale 3 gives about 2700 pixels wide, fit for print."""
    import vl_convert

    return vl_convert.vegalite_to_png(_sized(chart).to_json(), scale=scale)


def _sized(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.properties(width=EXPORT_WIDTH)


HINDSIGHT_GRIP = "Grip (met wat toen bekend was)"
HINDSIGHT_STYLE = {"Realisatie": SERIES_STYLE["Realisatie"], "Begroting": SERIES_STYLE["Begroting"],
                   HINDSIGHT_GRIP: SERIES_STYLE["Basisprognose"]}


def hindsight_lines(frame: pd.DataFrame, title: str = "") -> alt.Chart:
    """The Terugblik: per past year (`jaar`) the `bedrag` of each `reeks` (Realisatie, Begroting and Grip's forecast
    made when the budget was), in the colours and dashes of realisation, budget and prognosis elsewhere."""
    names = [n for n in HINDSIGHT_STYLE if n in set(frame["reeks"])]
    color = alt.Scale(domain=names, range=[HINDSIGHT_STYLE[n]["color"] for n in names])
    dash = alt.Scale(domain=names, range=[HINDSIGHT_STYLE[n]["dash"] for n in names])
    legend = alt.Legend(orient="bottom", title=None, symbolType="stroke", symbolSize=400, labelLimit=0)
    return alt.Chart(frame.dropna(subset=["bedrag"])).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format=YEAR, tickMinStep=1)),
        y=alt.Y("bedrag:Q", title="Bedrag (de as begint niet bij € 0)", axis=alt.Axis(format=EURO),
                scale=alt.Scale(zero=False)),  # the gaps of a few percent are the point
        color=alt.Color("reeks:N", title=None, scale=color, legend=legend),
        strokeDash=alt.StrokeDash("reeks:N", title=None, scale=dash, legend=legend),
        tooltip=[alt.Tooltip("jaar:Q", title="Jaar", format=YEAR), alt.Tooltip("reeks:N", title="Reeks"),
                 alt.Tooltip("bedrag:Q", title="Bedrag", format=EURO)],
    ).properties(title=title)
