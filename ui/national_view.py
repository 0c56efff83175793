"""Regio: "Landelijke vergelijking" of one gemeente (forecasting/cbs/national.py, presentation/national.py).

Uses the cached national reference (GRIP_DATA_DIR/cbs/landelijk.csv) with its date; without it, says how to get it
(the button here, or `python -m forecasting cbs --landelijk`). Nothing is fetched before the button.
"""

from __future__ import annotations

import streamlit as st

from forecasting.cbs import client, gemeenten, national
from presentation import charts
from presentation.national import national_chart, national_display
from ui import display
from ui.public_data import gemeente_names


def _default(dataset_name: str, names: list[str]) -> int | None:
    base = dataset_name.removesuffix(" (CBS)").strip()
    code = gemeenten.code_of_name(base)
    name = gemeenten.name_of(code) if code else None
    return names.index(name) if name in names else None


def render(dataset_name: str) -> None:
    st.subheader("Landelijke vergelijking")
    reference = national.load()
    if st.button("Landelijke cijfers ophalen" if reference is None else "Landelijke cijfers vernieuwen",
                 key="landelijk_ophalen", help="Haalt bij CBS de cijfers van alle gemeenten op (4 tabellen)."):
        bar = st.progress(0.0, text="Verbinden met CBS...")
        try:
            fresh = national.fetch_reference(progress=lambda n, total, table: bar.progress(
                n / total, text=f"CBS-tabel {table} ophalen, alle gemeenten ({n} van {total})"))
            national.save(fresh)
            reference = fresh
        except client.CbsError as error:
            st.error(str(error))
        bar.empty()
    if reference is None:
        st.info("Er zijn nog geen landelijke cijfers. Haal ze op met de knop hierboven; ze worden bewaard met hun "
                "datum. Zonder internet kan uw beheerder ze inlezen uit de StatLine-exports 85043NED, 85099NED, "
                "83454NED en 85383NED (README, 'Command line': `cbs --landelijk --from MAP`).")
        return
    names = [n for n in gemeente_names() if gemeenten.code_of_name(n) in set(reference["gemeente_code"])]
    naam = st.selectbox("Gemeente", names, index=_default(dataset_name, names), key="landelijk_gemeente",
                        placeholder="Kies een gemeente")
    if naam is None:
        return
    comparison = national.compare(reference, gemeenten.code_of_name(naam))
    for sentence in national.sentences(comparison):
        st.write(display.plain(sentence))
    display.chart(charts.dutch(national_chart(comparison.table, comparison.gemeente), height=380), "landelijk")
    st.dataframe(national_display(comparison.table, comparison.gemeente), hide_index=True, width="stretch")
    st.caption(f"CBS-cijfers {comparison.jaar} van {len(reference)} gemeenten, opgehaald op "
               f"{comparison.downloaddatum} (Bron: CBS, CC BY 4.0). Vergelijkbare omvang: {comparison.klasse}. "
               "Vergelijkbare leeftijdsopbouw: het vijfde van de gemeenten met een vergelijkbaar aandeel 75-plussers. "
               "Verwacht: het landelijke gebruik per leeftijdsgroep (0-17, 18-64, 65-74, 75+; geschat over alle "
               "gemeenten) maal de eigen inwoners. Een groot verschil is een vraag, geen oordeel.")
