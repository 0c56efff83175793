"""Regio: which gemeente drives the growth, and is a gemeente's use high for its age structure (expected versus
actual). The numbers come from forecasting/region/region_total.py, forecasting/region/regional.py and
presentation/regional.py."""

import streamlit as st

from forecasting.region.regional import EXPECTED_NOTE
from presentation import charts, regional
from presentation.export import expected_workbook_bytes
from presentation.story import unbroken
from ui import data_source, display, national_view, navigation, runs, sidebar

dataset = sidebar.sidebar()
st.title("Regio")
region = data_source.current_region()
if region is None:
    st.info("Deze gegevens bevatten één gemeente. Lees op Gegevens gegevens met meer gemeenten in (een kolom "
            "'gemeente' in de tabellen, of één werkmap per gemeente), of probeer de voorbeeldregio.")
    if st.button("Voorbeeldregio proberen (fictief, 3 gemeenten)"):
        data_source.use_sample(region=True)
        st.rerun()
    national_view.render(dataset.naam)
    navigation.end_screen()

chosen = data_source.chosen_gemeenten(region)
run = runs.current_run(dataset)
st.write(f"**{display.plain(dataset.naam)}**: de gemeenten in uw keuze ({', '.join(chosen)}). Kies in de zijbalk "
         "één gemeente, enkele of de hele regio.")

st.subheader(f"Welke gemeente drijft de groei tot {run.final_year}?")
growth = regional.growth_frame(run)
last, final = run.baseline.last_year, run.final_year
if len(chosen) > 1:
    st.write(unbroken(regional.growth_sentence(growth, final)))
    st.dataframe(regional.growth_display(growth, last, final), hide_index=True, width="stretch")
else:
    st.write(f"U hebt één gemeente gekozen ({chosen[0]}): kies er meer in de zijbalk om hun groei te vergelijken.")
st.caption("Groei = basisprognose in het laatste planjaar min de realisatie in het laatste realisatiejaar, in "
           "lopende prijzen (dus met indexatie). De schermen Prognose en Begroting splitsen dit verder uit.")

st.subheader("Verwacht en werkelijk gebruik")
st.info(EXPECTED_NOTE, icon=":material/help:")
table = data_source.expected_table(region)
if table.empty:
    st.write("Er zijn geen cijfers om te vergelijken.")
    navigation.end_screen()
voorzieningen = list(dict.fromkeys(table["voorziening"]))
voorziening = st.selectbox("Voorziening", voorzieningen, key="regio_voorziening")
display.chart(charts.dutch(regional.expected_chart(table, voorziening, chosen), height=420), "regio_verwacht")
mine = table.loc[table["voorziening"] == voorziening]
st.caption(f"Jaar {mine['jaren'].iloc[0]}. Verwacht = inwoners van de doelgroep ({mine['doelgroep'].iloc[0]}) × het "
           "gebruik per inwoner van de regio samen. Boven de stippellijn van 1,2× is het gebruik duidelijk hoger "
           "dan de leeftijdsopbouw doet verwachten, onder die van 0,8× duidelijk lager.")
st.dataframe(regional.expected_display(mine, costs=False), hide_index=True, width="stretch")
with st.expander("Alle voorzieningen, ook de kosten per cliënt"):
    st.dataframe(regional.expected_display(table), hide_index=True, width="stretch")
st.download_button("Verwacht en werkelijk (Excel)", lambda: expected_workbook_bytes(table),
                   file_name=data_source.export_name("verwacht_werkelijk", "regio", "xlsx", dataset),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
national_view.render(dataset.naam)
