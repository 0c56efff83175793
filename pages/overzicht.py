"""Overzicht: the cockpit. Where costs stand and where they are heading."""

import streamlit as st

from forecasting.formatting import euro_short
from ui import charts, state

dataset = state.sidebar()
st.title("Overzicht")
st.write("Waar staan de kosten van Wmo en jeugd, en waar gaan ze heen? Alle bedragen in lopende prijzen.")

realisatie = dataset.realisatie.merge(dataset.voorzieningen[["voorziening", "domein"]], on="voorziening")
per_domain = realisatie.groupby(["jaar", "domein"], as_index=False)["kosten"].sum()
last = dataset.last_year
cols = st.columns(3)
for column, domein in zip(cols, ["Wmo", "Jeugd"]):
    now = per_domain.loc[(per_domain["jaar"] == last) & (per_domain["domein"] == domein), "kosten"].sum()
    before = per_domain.loc[(per_domain["jaar"] == last - 1) & (per_domain["domein"] == domein), "kosten"].sum()
    column.metric(f"{domein} {last}", euro_short(now), delta=euro_short(now - before) if before else None,
                  delta_color="inverse")
total = per_domain.loc[per_domain["jaar"] == last, "kosten"].sum()
cols[2].metric(f"Totaal {last}", euro_short(total))

chart = charts.dutch(charts.domain_lines(per_domain, value="kosten"))
st.altair_chart(chart, width="stretch")
st.caption(f"Gegevens: {dataset.naam}, realisatie {dataset.first_year}–{last}.")
