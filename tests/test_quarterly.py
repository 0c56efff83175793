"""The quarterly report (presentation/quarterly.py): its sentences read and added up as a raad member reads them,
the main cause of a known change, the command line with each --out suffix and a kept stand, and the Monitor's
buttons (AppTest)."""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from forecasting.input.validation import load_dataset
from grip import service
from grip.cli import forecasting_main
from presentation import monitor, quarterly
from tests.factories import REPO, SAMPLE
from tests.test_sentences_add_up import AMOUNT, euros

DOMAINS = {"de Wmo": "Wmo", "de jeugdzorg": "Jeugd", "Wmo en jeugd samen": "Totaal"}
WORDS = {words: (part, 1 if i == 0 else -1) for part, pair in quarterly.PART_WORDS.items()
         for i, words in enumerate(pair)}
PART = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))


def read(sentence: str) -> dict | None:
    """The amounts of one sentence of the report, as a reader takes them from the text."""
    text = sentence.replace("\u00a0", " ")
    if m := re.fullmatch(rf"Voor (.+?) is de verwachte jaarrekening ({AMOUNT}) tegenover een begroting van "
                         rf"({AMOUNT}): een (tekort \(N\)|overschot \(V\)) van ({AMOUNT}); de kans op "
                         r"overschrijding is [<> 0-9]+%\.", text):
        sign = 1 if m[4].startswith("tekort") else -1
        return {"soort": "begroting", "domein": DOMAINS[m[1]], "verwacht": euros(m[2]), "begroting": euros(m[3]),
                "verschil": sign * euros(m[5])}
    if m := re.fullmatch(rf"Sinds de .+? van \d+ \w+ \d{{4}} is de verwachte jaarrekening voor (.+?) "
                         rf"(gestegen|gedaald) van ({AMOUNT}) naar ({AMOUNT}), ({AMOUNT}) (meer|minder)"
                         r"(?:: (.*?)\. De belangrijkste oorzaak is (.+?))?\.", text):
        assert (m[2], m[6]) in (("gestegen", "meer"), ("gedaald", "minder")), text
        parts = {}
        for amount, words in re.findall(rf"({AMOUNT}) door ({PART})", m[7] or ""):
            part, sign = WORDS[words]
            parts[part] = sign * euros(amount)
        assert len(parts) == (m[7] or "").count(" door "), text
        return {"soort": "verandering", "domein": DOMAINS[m[1]], "vorige": euros(m[3]), "nu": euros(m[4]),
                "verschil": (1 if m[2] == "gestegen" else -1) * euros(m[5]), "delen": parts, "oorzaak": m[8]}
    if m := re.fullmatch(rf"Sinds de .+? van \d+ \w+ \d{{4}} is de verwachte jaarrekening voor (.+?) gelijk "
                         rf"gebleven op ({AMOUNT})\.", text):
        return {"soort": "verandering", "domein": DOMAINS[m[1]], "vorige": euros(m[2]), "nu": euros(m[2]),
                "verschil": Decimal(0), "delen": {}, "oorzaak": None}
    if m := re.fullmatch(rf"Sinds de .+? van \d+ \w+ \d{{4}} is de verwachte jaarrekening voor (.+?) nauwelijks "
                         rf"veranderd: ({AMOUNT}), ({AMOUNT}) (meer|minder) \(minder dan de afronding van de "
                         r"bedragen in deze zinnen\)\.", text):
        return {"soort": "verandering", "domein": DOMAINS[m[1]], "vorige": euros(m[2]), "nu": euros(m[2]),
                "verschil": Decimal(0), "delen": {}, "oorzaak": None,
                "precies": (1 if m[4] == "meer" else -1) * euros(m[3])}
    return None


def check_adds_up(sentences: list[str]) -> dict[str, dict[str, dict]]:
    """Every sentence's amounts add up, and Wmo and jeugd add up to the total; returns them by kind and domein."""
    found: dict[str, dict[str, dict]] = {}
    for sentence in sentences:
        item = read(sentence)
        if item is None:
            continue
        found.setdefault(item["soort"], {})[item["domein"]] = item
        if item["soort"] == "begroting":
            assert item["verwacht"] - item["begroting"] == item["verschil"], sentence
        else:
            assert item["vorige"] + item["verschil"] == item["nu"], sentence
            if item["delen"]:
                assert sum(item["delen"].values()) == item["verschil"], sentence
                top = max(abs(v) for v in item["delen"].values())  # the cause is (one of) the largest parts read
                causes = {quarterly.PART_WORDS[p][0 if v > 0 else 1] for p, v in item["delen"].items() if abs(v) == top}
                assert item["oorzaak"] in causes, sentence
    for kind, items in found.items():
        for key in [k for k in items["Totaal"] if isinstance(items["Totaal"][k], Decimal)]:
            zero = Decimal(0)  # 'precies' only in a sentence that names a change below the rounding
            assert items["Wmo"].get(key, zero) + items["Jeugd"].get(key, zero) == items["Totaal"][key], (kind, key)
    return found


@pytest.fixture(scope="module")
def sample():
    dataset, problems = load_dataset(SAMPLE, naam="Voorbeeldgemeente")
    assert dataset is not None, problems.report()
    run = service.run(dataset, service.Settings(), None)
    yearend = monitor.yearend_of(run)
    return run, yearend, quarterly.current_stand(run, yearend, "najaarsnota", "Anna")


def test_without_a_previous_stand_the_report_says_so_and_its_budget_sentences_add_up(sample):
    run, yearend, current = sample
    report = quarterly.build(run, current, None, yearend)
    found = check_adds_up(report.sentences)
    assert set(found["begroting"]) == {"Wmo", "Jeugd", "Totaal"}
    assert found["begroting"]["Totaal"]["verschil"] > 0  # the sample overspends: 'een tekort (N)'
    assert "verandering" not in found
    assert any("nog geen eerdere stand" in s for s in report.sentences)


def test_fewer_clients_before_at_the_same_cost_per_client_reads_as_more_clients(sample):
    """The previous stand had 10% fewer clients at the same cost per client: the whole change is clients
    (per voorziening L(R1, R0) * ln(1 / 0,9) = R1 - R0), nothing is cost per client."""
    run, yearend, current = sample
    earlier = current.gemaakt_op - timedelta(days=90)
    previous = replace(current, moment="kwartaalrapportage K2", gemaakt_op=earlier, tm_maand=6, figures=tuple(
        replace(f, verwacht=f.verwacht * 0.9, clienten=f.clienten * 0.9) for f in current.figures))
    report = quarterly.build(run, current, previous, yearend)
    found = check_adds_up(report.sentences)
    total = found["verandering"]["Totaal"]
    assert set(total["delen"]) == {"clienten"} and total["oorzaak"] == "meer cliënten"
    exact = sum(f.verwacht for f in current.figures) * 0.1
    assert abs(float(total["verschil"]) - exact) <= 100_000  # within one step of € 0,1 mln
    table = quarterly.change_table(report)
    assert (table["kosten_per_client"].abs() <= 1).all()  # at most a euro of rounding
    parts = table[list(quarterly.PARTS)].sum(axis=1)
    assert (parts == table["verschil"]).all()  # whole euros that add up as shown


def test_a_one_off_booking_that_fell_away_is_the_main_cause_of_a_lower_year_end(sample):
    run, yearend, current = sample
    first = current.figures[0]
    previous = replace(current, moment="voorjaarsnota", gemaakt_op=current.gemaakt_op - timedelta(days=150),
                       figures=(replace(first, verwacht=first.verwacht + 400_000, eenmalig=first.eenmalig + 400_000),
                                *current.figures[1:]))
    report = quarterly.build(run, current, previous, yearend)
    found = check_adds_up(report.sentences)
    wmo = found["verandering"]["Wmo"]
    assert wmo["verschil"] == -400_000 and wmo["delen"] == {"eenmalig": -400_000}
    assert wmo["oorzaak"] == "een eenmalige boeking die wegviel"
    assert found["verandering"]["Jeugd"]["verschil"] == 0 and found["verandering"]["Jeugd"]["oorzaak"] is None
    assert found["verandering"]["Totaal"]["verschil"] == -400_000


def test_a_change_smaller_than_the_rounding_is_named_in_euros_never_gelijk_gebleven(sample):
    run, yearend, current = sample
    first = next(i for i, f in enumerate(current.figures) if f.domein == "Jeugd")
    seen = []
    for change in (5_000, -5_000, 20_000, -20_000, 40_000, -40_000):  # at least one stays within the rounding
        figures = list(current.figures)
        figures[first] = replace(figures[first], verwacht=figures[first].verwacht - change)
        previous = replace(current, moment="voorjaarsnota", gemaakt_op=current.gemaakt_op - timedelta(days=150),
                           figures=tuple(figures))
        report = quarterly.build(run, current, previous, yearend)
        found = check_adds_up(report.sentences)
        assert not any("jeugdzorg gelijk gebleven" in s for s in report.sentences)  # Wmo is truly unchanged
        jeugd = found["verandering"]["Jeugd"]
        if jeugd["verschil"] == 0:  # the rounded ends are equal: the change is named in euros
            assert jeugd["precies"] == change
            seen.append(change)
    assert seen


def test_the_html_report_holds_every_sentence_the_tables_and_the_words(sample):
    run, yearend, current = sample
    html = quarterly.to_html(quarterly.build(run, current, None, yearend)).replace("\u00a0", " ")
    assert "@page{size:A4" in html and "Tussentijdse rapportage 2025" in html
    for words in ("Verwachte jaarrekening 2025 per voorziening", "Signalen", "Indicatoren", "tekort (N)",
                  "Kans op overschrijding", "Begeleiding", "op koers"):
        assert words in html, words


# --- the command line ------------------------------------------------------------------------------------------


def _copy(tmp_path, name: str, through: int, catch_up: float = 1.0):
    """The sample with 2025's in-year figures up to `through`; March of Hulpmiddelen times `catch_up`."""
    folder = tmp_path / name / "Testgemeente"
    shutil.copytree(SAMPLE, folder)
    table = pd.read_csv(folder / "tussentijds.csv", sep=";")
    table = table.loc[(table["jaar"] < 2025) | (table["periode"].astype(int) <= through)]
    march = (table["jaar"] == 2025) & (table["periode"].astype(int) == 3) & (table["voorziening"] == "Hulpmiddelen")
    table.loc[march, "kosten"] *= catch_up
    table.to_csv(folder / "tussentijds.csv", sep=";", index=False)
    return folder


def test_the_command_line_writes_each_format_and_compares_with_the_kept_stand(tmp_path, capsys):
    import pypdf

    database = f"sqlite:///{tmp_path / 'standen.db'}"
    june, september = _copy(tmp_path, "juni", 6), _copy(tmp_path, "september", 9, catch_up=6.0)
    out = tmp_path / "juni.html"
    assert forecasting_main(["jaareinde", "--data", str(june), "--out", str(out), "--bewaar-stand", "K2",
                             "--auteur", "Anna", "--database", database]) == 0
    said = capsys.readouterr().out
    assert "Stand bewaard: kwartaalrapportage K2, Testgemeente 2025." in said and "Vergeleken" not in said
    assert "nog geen eerdere stand" in out.read_text(encoding="utf-8")
    for suffix in (".pdf", ".xlsx", ".html"):
        out = tmp_path / f"rapportage{suffix}"
        assert forecasting_main(["jaareinde", "--data", str(september), "--out", str(out), "--database",
                                 database]) == 0, suffix
        assert "Vergeleken met de kwartaalrapportage K2 van" in capsys.readouterr().out
        assert out.exists() and out.stat().st_size > 1000
    assert 2 <= len(pypdf.PdfReader(tmp_path / "rapportage.pdf").pages) <= 4  # A4; the sample takes 3
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "rapportage.pdf").pages)
    assert "Sinds de kwartaalrapportage K2 van" in text.replace("\u00a0", " ")
    book = openpyxl.load_workbook(tmp_path / "rapportage.xlsx")
    assert tuple(book.sheetnames) == quarterly.SHEETS
    html = (tmp_path / "rapportage.html").read_text(encoding="utf-8")
    sentences = re.findall(r"<p class='zin'>(.*?)</p>", html)
    found = check_adds_up([s.replace("&#x27;", "'") for s in sentences])
    assert set(found["verandering"]) == {"Wmo", "Jeugd", "Totaal"}
    # the March catch-up booking of Hulpmiddelen (six times its usual month) is a one-off part of the change
    assert found["verandering"]["Wmo"]["delen"]["eenmalig"] > 0
    changes = pd.read_excel(tmp_path / "rapportage.xlsx", sheet_name="Veranderingen", header=None)
    row = changes.loc[changes[1] == "Hulpmiddelen"].iloc[0]
    assert "eenmalige boeking" in str(row.iloc[-1])
    assert not (tmp_path / "grip-data").exists()


def test_a_wrong_suffix_or_moment_is_a_dutch_error_with_exit_code_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        forecasting_main(["jaareinde", "--data", str(SAMPLE), "--out", str(tmp_path / "rapportage.docx")])
    assert stopped.value.code == 2
    assert "--out moet op .csv, .xlsx, .html of .pdf eindigen, niet 'rapportage.docx'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        forecasting_main(["jaareinde", "--data", str(SAMPLE), "--out", str(tmp_path / "r.pdf"), "--bewaar-stand",
                          "begroting"])
    assert stopped.value.code == 2 and "'begroting' is geen P&C-moment" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# --- Monitor ---------------------------------------------------------------------------------------------------


def test_monitor_offers_the_three_downloads_and_keeps_a_stand():
    from streamlit.testing.v1 import AppTest

    from scenarios.snapshots import SnapshotStore

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("screens/monitor.py").run()
    assert not at.exception, at.exception
    labels = {b.label for b in at.get("download_button")}
    assert {"Tussentijdse rapportage (PDF)", "Tussentijdse rapportage (Excel)",
            "Tussentijdse rapportage (HTML)"} <= labels
    at.selectbox(key="rapportage_moment_9").select("najaarsnota").run()
    at.text_input(key="rapportage_auteur").input("Anna de Vries").run()
    at.button(key="rapportage_bewaar").click().run()
    assert not at.exception, at.exception
    assert any("Stand bewaard: najaarsnota" in s.value for s in at.success)
    kept = SnapshotStore().list("Voorbeeldgemeente (fictief)", 2025)
    assert kept and kept[0].moment == "najaarsnota" and kept[0].auteur == "Anna de Vries"
    assert kept[0].tm_maand == 9 and not math.isnan(kept[0].figure("Begeleiding").clienten)


def test_the_tables_add_up_as_shown_and_agree_with_each_other(sample):
    run, yearend, current = sample
    previous = replace(current, moment="voorjaarsnota", gemaakt_op=current.gemaakt_op - timedelta(days=150),
                       figures=tuple(replace(f, verwacht=f.verwacht * 0.93, clienten=f.clienten * 0.95)
                                     for f in current.figures))
    report = quarterly.build(run, current, previous, yearend)
    table = quarterly.yearend_table(report)
    change = quarterly.change_table(report)
    for frame, columns in ((table, ["gerealiseerd", "verwacht"]), (change, ["vorige", "nu", "verschil",
                                                                            *quarterly.PARTS])):
        single = frame.loc[frame["voorziening"] != "Totaal"]
        domains = frame.loc[(frame["voorziening"] == "Totaal") & (frame["domein"] != "Totaal")]
        overall = frame.loc[frame["domein"] == "Totaal"].iloc[0]
        for column in columns:
            assert (frame[column] == frame[column].round()).all(), column  # whole euros
            sums = single.groupby("domein")[column].sum()
            assert (domains.set_index("domein")[column].sort_index() == sums.sort_index()).all(), column
            assert domains[column].sum() == overall[column], column
    assert (change[list(quarterly.PARTS)].sum(axis=1) == change["verschil"]).all()
    assert (table["verschil"].dropna() == (table["verwacht"] - table["begroting"]).dropna()).all()
    # a domein's expected year-end is the same in both tables and is its own amount rounded to the euro
    frame = report.frame.set_index(["domein", "voorziening"])
    for domein in ("Wmo", "Jeugd"):
        own = table.loc[(table["domein"] == domein) & (table["voorziening"] == "Totaal"), "verwacht"].iloc[0]
        assert own == round(frame.loc[(domein, "Totaal"), "verwacht"])
        assert own == change.loc[(change["domein"] == domein) & (change["voorziening"] == "Totaal"), "nu"].iloc[0]
