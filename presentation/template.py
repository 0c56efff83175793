"""The input template: every table with one example row (data/templates/*.csv), and for the Excel template a
first sheet 'Toelichting' that explains every column in Dutch.

The example rows together describe one voorziening (Hulp bij het huishouden, doelgroep 75+) so they read back
through the normal reader (forecasting/input/reading.py and the cell checks of forecasting/input/cells.py) without an
error. The reader skips sheets that are no table, so 'Toelichting' can stay in an uploaded workbook.
"""

from __future__ import annotations

import pandas as pd

from forecasting.input.reading import TABLE_NAMES
from presentation.workbook import TEMPLATE_DIR, to_xlsx

EXPLANATION_SHEET = "Toelichting"
TEXT_COLUMNS = {"voorziening", "domein", "doelgroep", "taakveld", "leeftijd", "periode", "cumulatief", "indicator",
                "eenheid", "richting", "bron", "actualisatie", "variant"}

TABLE_PURPOSE = {
    "voorzieningen": "Verplicht. Eén rij per voorziening: welk domein en welke leeftijdsgroep de vraag bepaalt.",
    "realisatie": "Verplicht. Per jaar en voorziening het aantal cliënten en de kosten (liefst 4 jaar of meer).",
    "bevolking": "Verplicht. Inwoners per jaar en leeftijdsgroep, voor de gerealiseerde én de prognosejaren.",
    "indexatie": "Optioneel. Loon- en prijsstijging per jaar en domein (of voorziening).",
    "begroting": "Optioneel. Het begrote bedrag per jaar en domein (of voorziening).",
    "tussentijds": "Optioneel. Cijfers van het lopende jaar per maand of kwartaal, voor de jaareindeprognose.",
    "indicatoren": "Optioneel. De indicatoren die de maatregelen moeten bewegen, met start- en streefwaarde.",
    "indicatorwaarden": "Optioneel. De gemeten waarden van die indicatoren per jaar.",
}

COLUMN_EXPLANATIONS: dict[str, dict[str, str]] = {
    "voorzieningen": {
        "voorziening": "Naam van de voorziening, zoals 'Hulp bij het huishouden'. Elke naam één keer.",
        "domein": "Wmo of Jeugd.",
        "doelgroep": "De leeftijdsgroep uit 'bevolking' die de vraag bepaalt, zoals 75+; 'totaal' voor alle "
                     "inwoners.",
        "taakveld": "Optioneel: het taakveld uit de begroting (Iv3), zoals 6.71.",
    },
    "realisatie": {
        "jaar": "Het jaar, zoals 2024.",
        "voorziening": "Een naam uit 'voorzieningen'.",
        "clienten": "Aantal cliënten in dat jaar (0 of meer).",
        "kosten": "Uitgaven in euro's in dat jaar, zonder euroteken (0 of meer), zoals 1350000.",
    },
    "bevolking": {
        "jaar": "Het jaar; ook de prognosejaren (tot en met de horizon).",
        "leeftijd": "De leeftijdsgroep, zoals 0-17, 18-64, 65-74 of 75+ (zoals in 'doelgroep').",
        "aantal": "Aantal inwoners in die groep (0 of meer).",
    },
    "indexatie": {
        "jaar": "Het jaar waarin de indexatie geldt.",
        "domein": "Wmo of Jeugd.",
        "voorziening": "Optioneel: alleen voor deze voorziening; leeg = het hele domein.",
        "percentage": "Loon- en prijsstijging in procenten, zoals 3,0 voor 3%.",
    },
    "begroting": {
        "jaar": "Het begrotingsjaar.",
        "domein": "Wmo of Jeugd.",
        "voorziening": "Optioneel: het bedrag voor één voorziening; leeg = het hele domein (niet mengen).",
        "bedrag": "Begroot bedrag in euro's, zonder euroteken, zoals 8622000.",
    },
    "tussentijds": {
        "jaar": "Het lopende jaar.",
        "periode": "Maand 1 tot en met 12, of kwartaal K1 tot en met K4.",
        "voorziening": "Een naam uit 'voorzieningen'.",
        "clienten": "Optioneel: aantal cliënten in die periode.",
        "kosten": "Uitgaven in euro's in die periode (of tot en met die periode, zie 'cumulatief').",
        "cumulatief": "Optioneel: 'ja' als de bedragen optellen vanaf januari; 'nee' of leeg voor per periode.",
    },
    "indicatoren": {
        "indicator": "Naam van de indicator; dezelfde naam als in 'indicatorwaarden'.",
        "eenheid": "Optioneel: de eenheid, zoals 'per 1.000 inwoners' of '%'.",
        "basisjaar": "Het jaar van de startwaarde.",
        "startwaarde": "De waarde in het basisjaar.",
        "streefwaarde": "De waarde die de gemeente wil bereiken.",
        "streefjaar": "Het jaar waarin de streefwaarde bereikt moet zijn.",
        "richting": "'lager is beter' of 'hoger is beter'.",
        "bron": "Optioneel: waar de cijfers vandaan komen.",
        "actualisatie": "Optioneel: hoe vaak de cijfers worden bijgewerkt.",
    },
    "indicatorwaarden": {
        "jaar": "Het jaar van de meting.",
        "indicator": "Een naam uit 'indicatoren'.",
        "waarde": "De gemeten waarde.",
    },
}


def _written(name: str) -> pd.DataFrame:
    """A template as written in data/templates (every cell as its text, '3,0' stays '3,0')."""
    return pd.read_csv(TEMPLATE_DIR / f"{name}.csv", sep=";", dtype=str, keep_default_na=False)


def example_tables() -> dict[str, pd.DataFrame]:
    """Every input table with its columns and one example row (from data/templates), numbers as numbers."""
    tables = {}
    for name in TABLE_NAMES:
        frame = _written(name)
        for column in frame.columns:
            values = [v if v != "" else None for v in frame[column]]
            if column not in TEXT_COLUMNS:
                values = [None if v is None else float(v.replace(",", ".")) if "," in v else int(v) for v in values]
            frame[column] = pd.Series(values, dtype=object)
        tables[name] = frame
    return tables


def explanation_frame() -> pd.DataFrame:
    """One row per table (what it is for) and per column (what to fill in), with the example as written."""
    rows = []
    for name in TABLE_NAMES:
        frame = _written(name)
        rows.append({"Blad": name, "Kolom": "", "Uitleg": TABLE_PURPOSE[name], "Voorbeeld": ""})
        for column in frame.columns:
            rows.append({"Blad": name, "Kolom": column, "Uitleg": COLUMN_EXPLANATIONS[name][column],
                         "Voorbeeld": frame[column].iloc[0] if len(frame) else ""})
    return pd.DataFrame(rows)


def template_xlsx() -> bytes:
    """The Excel template: 'Toelichting' first, then one sheet per table with its example row."""
    tables = example_tables()
    return to_xlsx({EXPLANATION_SHEET: explanation_frame(), **tables})
