"""Start from public figures (forecasting/cbs): recorded CBS responses, never the network.

Fixtures: tests/fixtures/cbs (published figures of Haarlemmermeer, merged in 2019 with Haarlemmerliede en
Spaarnwoude and without a Wmo figure for 2017, and Zwolle, whose Wmo cell of 2019 is suppressed). Expected values
are summed by hand from those files.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from forecasting import cbs
from forecasting.cbs import client, gemeenten, iv3
from forecasting.cbs.build import build
from forecasting.input.validation import load_dataset
from grip.cli import forecasting_main
from tests.cbs_support import fake_fetch, iv3_bytes, refuse_download, write_exports
from tests.factories import REPO

TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test here: the client's fetch fails unless a test puts the recorded responses in its place."""
    monkeypatch.setattr(client, "fetch_rows", refuse_download)


@pytest.fixture
def recorded_cbs(monkeypatch):
    """The client's fetch replaced by the recorded responses; any real download would fail the test."""
    monkeypatch.setattr(client, "fetch_rows", fake_fetch)


def haarlemmermeer(optellen=False, with_iv3=True):
    return cbs.from_cbs("Haarlemmermeer", optellen=optellen, iv3_files={"iv3.csv": iv3_bytes()} if with_iv3 else {},
                        fetch=fake_fetch, today=TODAY)


def test_command_writes_a_dataset_that_passes_check(recorded_cbs, tmp_path, capsys):
    out = tmp_path / "haarlemmermeer"
    iv3_path = tmp_path / "iv3.csv"
    iv3_path.write_bytes(iv3_bytes())
    code = forecasting_main(["cbs", "--gemeente", "GM0394", "--out", str(out), "--iv3", str(iv3_path)])
    assert code == 0
    captured = capsys.readouterr()
    assert "Haarlemmermeer (GM0394)" in captured.out and "Herindeling" in captured.err
    dataset, problems = load_dataset(out)
    assert dataset is not None, problems.report()
    assert problems.ok
    assert set(dataset.voorzieningen["voorziening"]) == {"Wmo maatwerk", "Jeugdzorg"}
    assert dataset.last_year == 2023
    assert forecasting_main(["check", "--data", str(out)]) == 0
    bronnen = pd.read_csv(out / "_toelichting" / "bronnen.csv", sep=";")
    assert {"83262NED", "85043NED", "84134NED", "85099NED", "83454NED", "85171NED"} <= set(bronnen["tabel"])
    cbs_rows = bronnen.loc[bronnen["tabel"].str.endswith("NED")]
    assert (cbs_rows["bron"] == "Bron: CBS").all() and (cbs_rows["licentie"] == "CC BY 4.0").all()
    assert (cbs_rows["downloaddatum"] == date.today().isoformat()).all()
    assert bronnen.set_index("tabel").loc["84134NED", "perioden"] == "2015-2020"
    assert "breuk" in bronnen.set_index("tabel").loc["85099NED", "opmerking"]


def test_jeugd_comes_from_cbs_and_the_table_change_is_marked(recorded_cbs):
    result = haarlemmermeer()
    realisatie = result.tables["realisatie"].set_index(["voorziening", "jaar"])
    # 84134NED 2020: 4170 young people, 83454NED 2020: 38,278 thousand euros realised
    assert realisatie.loc[("Jeugdzorg", 2020), "clienten"] == 4170
    assert realisatie.loc[("Jeugdzorg", 2020), "kosten"] == 38_278_000
    assert realisatie.loc[("Jeugdzorg", 2021), "clienten"] == 4540  # 85099NED
    assert any("84134NED" in w and "85099NED" in w and "breuk" in w for w in result.warnings)
    begroting = result.tables["begroting"].set_index(["domein", "jaar"])
    assert begroting.loc[("Jeugd", 2023), "bedrag"] == 42_050_000  # 83454NED budgeted


def test_suppressed_and_missing_years_stay_missing(recorded_cbs):
    zwolle = cbs.from_cbs("Zwolle", fetch=fake_fetch, iv3_files={"iv3.csv": iv3_bytes()})
    wmo = zwolle.extras["realisatie_zonder_kosten"]
    wmo = wmo.loc[wmo["voorziening"] == "Wmo maatwerk"]
    assert 2019 not in set(wmo["jaar"])  # suppressed cell (None): no row, never 0
    assert {2018, 2020} <= set(wmo["jaar"])
    assert (zwolle.tables["realisatie"]["clienten"] > 0).all()
    meer = haarlemmermeer().extras["realisatie_zonder_kosten"]
    assert 2017 not in set(meer.loc[meer["voorziening"] == "Wmo maatwerk", "jaar"])  # no row published


def test_merged_gemeente_warns_and_adds_up_its_predecessor_on_request(recorded_cbs):
    plain = haarlemmermeer()
    merger = [w for w in plain.warnings if w.startswith("Herindeling")]
    assert merger and "2019" in merger[0] and "Haarlemmerliede en Spaarnwoude" in merger[0]
    assert "--optellen-voorgangers" in merger[0]
    added = haarlemmermeer(optellen=True)
    jeugd = added.tables["realisatie"].set_index(["voorziening", "jaar"])
    # 2018: Haarlemmermeer 3730 + Haarlemmerliede en Spaarnwoude 115 clients; 34,062 + 647 thousand euros
    assert jeugd.loc[("Jeugdzorg", 2018), "clienten"] == 3730 + 115
    assert jeugd.loc[("Jeugdzorg", 2018), "kosten"] == (34_062 + 647) * 1000
    assert jeugd.loc[("Jeugdzorg", 2019), "clienten"] == 4065  # after the merger: only the gemeente itself
    begroting = added.tables["begroting"].set_index(["domein", "jaar"])
    assert begroting.loc[("Jeugd", 2018), "bedrag"] == (28_008 + 743) * 1000
    bevolking = added.tables["bevolking"].set_index("jaar")
    assert bevolking.loc[2017, "aantal"] == 146_003 + 5_665
    assert plain.tables["bevolking"].set_index("jaar").loc[2017, "aantal"] == 146_003
    # 2017 has no 83454NED figure for Haarlemmermeer: the sum stays missing rather than being the part alone
    assert any("jeugd_kosten" in w and "2017" in w for w in added.warnings)


def test_population_history_forecast_as_midden_and_filled_years_named(recorded_cbs):
    bevolking = haarlemmermeer().tables["bevolking"].set_index("jaar")
    assert bevolking.loc[2024, "aantal"] == 163_128 and bevolking.loc[2024, "variant"] == ""
    assert bevolking.loc[2025, "aantal"] == 165_600 and bevolking.loc[2025, "variant"] == "midden"  # 85171NED
    # 2018-2022: no table; linear between 2017 (146,003) and 2023 (162,300)
    assert bevolking.loc[2020, "aantal"] == round(146_003 + (162_300 - 146_003) * 3 / 6)
    assert "interpolatie" in bevolking.loc[2020, "bron"]


def test_indexation_defaults_are_marked_as_public_defaults(recorded_cbs):
    result = haarlemmermeer()
    indexatie = result.tables["indexatie"]
    assert indexatie.set_index(["domein", "jaar"]).loc[("Wmo", 2023), "percentage"] == 6.36  # OVA 2023 final
    assert indexatie["bron"].str.contains("standaardwaarde").all()
    assert any(w.startswith("Indexatie") for w in result.warnings)


def test_iv3_split_over_the_voorzieningen_summed_by_hand(recorded_cbs):
    result = haarlemmermeer()
    realisatie = result.tables["realisatie"].set_index(["voorziening", "jaar"])
    # 2023 accounts: 6.6 7,096 + 6.71a 8,060 + 6.71b 7,169 + 6.71c 4,231 + 6.71d 3,088 (6.71 is their sum, 6.81a/b
    # beschermd wonen and opvang have share 0, 6.2 wijkteams is toegang)
    assert realisatie.loc[("Wmo maatwerk", 2023), "kosten"] == (7096 + 8060 + 7169 + 4231 + 3088) * 1000
    assert realisatie.loc[("Wmo maatwerk", 2023), "clienten"] == 8965
    begroting = result.tables["begroting"].set_index(["domein", "jaar"])
    # 2025 budget, new numbering: 6.60 7,856 + 6.711 9,498 + 6.712 8,006 + 6.713 3,788 + 6.714 1,331 + 6.791 1,031
    assert begroting.loc[("Wmo", 2025), "bedrag"] == (7856 + 9498 + 8006 + 3788 + 1331 + 1031) * 1000
    # jeugd 2025: 6.752 40,204 + 6.753 1,060 + 6.762 14,515 + 6.763 636 + 6.792 1,261 + 6.821 2,844 + 6.822 325
    assert begroting.loc[("Jeugd", 2025), "bedrag"] == (40204 + 1060 + 14515 + 636 + 1261 + 2844 + 325) * 1000
    assert "Iv3" in begroting.loc[("Jeugd", 2025), "bron"]
    detail = result.extras["iv3_kosten"]
    used = detail.loc[(detail["jaar"] == 2023) & (detail["soort"] == "rekening")].set_index("taakveld")
    assert used.loc["6.71a", "gebruikt"] == "ja" and used.loc["6.71a", "voorziening"] == "Wmo maatwerk"
    assert used.loc["6.71", "gebruikt"].startswith("nee: som")
    assert used.loc["6.81a", "gebruikt"] == "nee: aandeel 0 in de koppeltabel"


def test_iv3_mapping_with_split_shares_and_named_voorzieningen():
    mapping = iv3.read_mapping(b"taakveld;domein;voorziening;aandeel\n6.71d;Wmo;Vervoer;0,6\n6.71d;Wmo;Overig;0,4\n"
                               b"6.71a;Wmo;Hulp bij het huishouden;1\n", "eigen.csv")
    lasten = iv3.read_iv3("iv3_eigen.csv", b"jaar;taakveld;lasten;categorie\n2024;6.71a Huishoudelijke hulp;100;4.3\n"
                          b"2024;6.71a Huishoudelijke hulp;50;4.4\n2024;6.71d Overige;200;4.3\n2024;6.99 X;7;1\n")
    per_line, detail = iv3.split(lasten, mapping, {"Hulp bij het huishouden": "Wmo", "Vervoer": "Wmo",
                                                   "Overig": "Wmo"}, {})
    amounts = per_line.set_index("voorziening")["bedrag"]
    assert amounts["Hulp bij het huishouden"] == 150_000  # two categorie rows added up
    assert amounts["Vervoer"] == pytest.approx(120_000) and amounts["Overig"] == pytest.approx(80_000)
    assert detail.set_index("taakveld").loc["6.99", "gebruikt"] == "nee: niet in de koppeltabel"
    from_name = iv3.read_iv3("Iv3_2024_begroting.csv", b"Taakveld;Categorie;Lasten\n6.71a Huishoudelijke hulp;4.3;"
                             b"1.234,5\n")
    assert from_name.values.tolist() == [[2024, "begroting", "6.71a", 1_234_500.0]]
    with pytest.raises(iv3.Iv3Error, match="jaartal in de bestandsnaam"):
        iv3.read_iv3("iv3.csv", b"taakveld;lasten\n6.71a;1\n")
    with pytest.raises(iv3.Iv3Error, match="rij 3, kolom 'aandeel'"):
        iv3.read_mapping(b"taakveld;domein;voorziening;aandeel\n6.71a;Wmo;A;1\n6.71b;Wmo;B;1,5\n")
    with pytest.raises(iv3.Iv3Error, match="6.71a zijn samen 1.5"):
        iv3.read_mapping(b"taakveld;domein;voorziening;aandeel\n6.71a;Wmo;A;1\n6.71a;Wmo;B;0,5\n")


def test_default_mapping_covers_both_numbering_schemes():
    mapping = iv3.read_mapping()
    codes = set(mapping["taakveld"])
    assert {"6.71a", "6.71b", "6.71c", "6.71d", "6.72a", "6.81a", "6.82b"} <= codes
    assert {"6.711", "6.712", "6.713", "6.714", "6.751", "6.761", "6.811", "6.821", "6.822"} <= codes


def test_offline_from_statline_exports_gives_the_same_dataset(tmp_path, monkeypatch):
    def no_network(*_args):
        raise AssertionError("offline must not download")

    monkeypatch.setattr(client, "fetch_rows", no_network)
    folder = write_exports(tmp_path / "exports")
    (folder / "iv3.csv").write_bytes(iv3_bytes())
    out = tmp_path / "zwolle"
    assert forecasting_main(["cbs", "--gemeente", "zwolle", "--from", str(folder), "--out", str(out)]) == 0
    dataset, problems = load_dataset(out)
    assert dataset is not None, problems.report()
    online = cbs.from_cbs("Zwolle", fetch=fake_fetch, iv3_files={"iv3.csv": iv3_bytes()})
    offline = pd.read_csv(out / "realisatie.csv", sep=";", decimal=",")
    columns = ["jaar", "voorziening", "clienten", "kosten"]

    def rows(frame):
        return [(int(j), v, float(c), float(k)) for j, v, c, k in frame[columns].itertuples(index=False)]

    assert rows(offline) == rows(online.tables["realisatie"]) and len(offline) == 8
    assert "StatLine-export" in pd.read_csv(out / "_toelichting" / "bronnen.csv", sep=";")["herkomst"].iloc[0]


def test_unknown_gemeente_names_the_closest(recorded_cbs, capsys):
    with pytest.raises(gemeenten.UnknownGemeente, match="Bedoelt u: Haarlemmermeer"):
        gemeenten.find("Harlemmermeer")
    assert forecasting_main(["cbs", "--gemeente", "Zwole", "--out", "x"]) == 2
    assert "Bedoelt u: Zwolle" in capsys.readouterr().err
    assert gemeenten.find("gm193").naam == "Zwolle" and gemeenten.find("Súdwest Fryslân").code == "GM1900"


class ConnectionError(Exception):  # noqa: A001 - named like requests' exception, which the client raises
    pass


class HTTPError(Exception):
    def __init__(self, status):
        super().__init__(f"{status} Client Error")
        self.response = type("Response", (), {"status_code": status})()


def test_network_failures_are_dutch(monkeypatch, tmp_path, capsys):
    def offline(table, codes):
        raise client.dutch_error(table, ConnectionError("Max retries exceeded"))

    monkeypatch.setattr(client, "fetch_rows", offline)
    assert forecasting_main(["cbs", "--gemeente", "Zwolle", "--out", str(tmp_path / "z")]) == 2
    err = capsys.readouterr().err
    assert "Geen verbinding met CBS" in err and "--from MAP" in err and "Traceback" not in err
    assert not (tmp_path / "z").exists()

    def renamed(table, codes):
        if table == "84525NED":
            raise client.dutch_error(table, HTTPError(404))
        return fake_fetch(table, codes)

    monkeypatch.setattr(client, "fetch_rows", renamed)
    result = cbs.from_cbs("Zwolle", iv3_files={"iv3.csv": iv3_bytes()})
    assert any("84525NED is niet gevonden" in w and "hernoemd" in w for w in result.warnings)
    assert "Geen verbinding" in str(client.dutch_error("X", OSError("network unreachable")))
    assert "HTTP 503" in str(client.dutch_error("X", HTTPError(503)))
    # cbsodata re-raises without the response: the status is read from the text
    rewrapped = Exception("Downloading table '83262NED' failed. 404 Client Error: Not Found for url: https://...")
    assert "83262NED is niet gevonden" in str(client.dutch_error("83262NED", rewrapped))


def test_rows_with_titles_as_cbsodata_returns_them_are_read_too():
    from forecasting.cbs.tables import SPEC_OF, records_of

    rows = [{"ID": 0, "RegioS": "Haarlemmermeer", "Perioden": "2023*", "TypeMaatwerkarrangement": "Totaal",
             "WmoClienten_1": 8965, "WmoClientenPer1000Inwoners_2": 55},
            {"ID": 1, "RegioS": "Haarlemmermeer", "Perioden": "2022", "TypeMaatwerkarrangement": "Hulp bij het "
             "huishouden", "WmoClienten_1": ".", "WmoClientenPer1000Inwoners_2": "."}]
    records = records_of(SPEC_OF["85043NED"], rows, gemeenten.code_of_name)
    assert records[["regio", "jaar", "soort", "voorlopig", "waarde"]].values.tolist() == [
        ["GM0394", 2023, "totaal", True, 8965.0]]  # the suppressed '.' leaves no record


def test_no_cbs_client_is_imported_by_the_app_or_the_package():
    code = ("import sys, forecasting.cbs, grip.cli, ui.public_data  # noqa\n"
            "assert 'cbsodata' not in sys.modules, 'cbsodata imported at start'")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_gemeente_without_cbs_rows_gets_a_dutch_error():
    with pytest.raises(cbs.CbsError, match="niets over Voorne aan Zee"):
        cbs.from_cbs("Voorne aan Zee", fetch=fake_fetch)


def test_wmo_types_become_voorzieningen_and_iv3_costs_follow_them():
    """Hand-made rows in the client's shape (CBS publishing clients per type); figures chosen for easy sums."""
    def wmo(year, title, count):
        return {"RegioS": "GM0193  ", "Perioden": f"{year}JJ00", "TypeMaatwerkarrangement": title,
                "WmoClienten_1": count}

    rows = {"85043NED": [wmo(y, t, c) for y in (2022, 2023) for t, c in
                         (("Totaal", 1000), ("Hulp bij het huishouden", 600), ("Ondersteuning thuis", 300),
                          ("Verblijf en opvang", 50))],
            "85383NED": [{"RegioS": "GM0193  ", "Perioden": f"{y}JJ00", "StatusCijfer": "Definitief",
                          "InwonersTotaal_1": 130_000} for y in (2022, 2023)]}
    lasten = iv3.read_iv3("iv3.csv", b"jaar;taakveld;lasten\n2022;6.71a;900\n2022;6.71b;400\n2022;6.71c;200\n"
                          b"2022;6.71d;80\n2022;6.81a;5000\n2023;6.71a;1000\n2023;6.71b;450\n2023;6.71c;250\n")
    result = build(rows, gemeenten.find("Zwolle"), iv3_lasten=lasten)
    realisatie = result.tables["realisatie"].set_index(["voorziening", "jaar"])
    assert realisatie.loc[("Hulp bij het huishouden", 2023), "kosten"] == 1_000_000
    # 'Ondersteuning thuis' is begeleiding (6.71b) plus dagbesteding (6.71c): 400 + 200 in 2022
    assert realisatie.loc[("Begeleiding en dagbesteding", 2022), "kosten"] == 600_000
    assert realisatie.loc[("Begeleiding en dagbesteding", 2023), "clienten"] == 300
    assert set(result.tables["voorzieningen"]["voorziening"]) == {"Hulp bij het huishouden",
                                                                 "Begeleiding en dagbesteding"}
    # verblijf en opvang: beschermd wonen has share 0, so no costs: left out with a warning, clients kept aside
    assert any("'Beschermd wonen en opvang'" in w for w in result.warnings)
    detail = result.extras["iv3_kosten"].set_index(["jaar", "taakveld"])
    assert detail.loc[(2022, "6.71d"), "gebruikt"].startswith("nee: geen voorziening")  # several Wmo lines


def test_a_new_gemeente_adds_up_its_predecessors_before_its_first_year():
    """Meierijstad (GM1948, from 2017) = Schijndel + Sint-Oedenrode + Veghel before 2017; hand-made rows."""
    def jeugd(code, year, count, costs):
        return {"RegioS": code, "Perioden": f"{year}JJ00", "VormenVanJeugdzorg": "Totaal jeugdzorg",
                "JongerenMetJeugdzorg_1": count, "GerealiseerdeKosten_2": costs}

    parts = {"GM0844": (300, 3000), "GM0846": (200, 2000), "GM0860": (500, 5000)}
    rows = [jeugd(code, 2016, n, k) for code, (n, k) in parts.items()]
    rows += [jeugd("GM0860", 2017, 999, 9999)]  # a predecessor's figure after the merger is never added
    rows += [jeugd("GM1948", y, 1100, 11000) for y in (2017, 2018)]
    population = [{"RegioS": "GM1948", "Perioden": f"{y}JJ00", "InwonersTotaal_1": 80_000} for y in (2016, 2018)]
    tables = {"84134NED": rows, "83454NED": rows, "85383NED": population}
    meierijstad = gemeenten.find("Meierijstad")
    added = build(tables, meierijstad, optellen=True).tables["realisatie"].set_index("jaar")
    assert added.loc[2016, "clienten"] == 300 + 200 + 500 and added.loc[2016, "kosten"] == 10_000 * 1000
    assert added.loc[2017, "clienten"] == 1100
    plain = build(tables, meierijstad)
    assert list(plain.tables["realisatie"]["jaar"]) == [2017, 2018]
    assert any("Schijndel" in w and "2017" in w for w in plain.warnings)


def test_the_jeugdzorg_table_change_is_a_declared_break_the_forecast_uses(recorded_cbs, tmp_path):
    """The written voorzieningen.csv says breuk = 2021 for jeugd; the baseline fits only 2021 on and says so."""
    from forecasting.model.baseline import build_baseline

    out = tmp_path / "haarlemmermeer"
    iv3_path = tmp_path / "iv3.csv"
    iv3_path.write_bytes(iv3_bytes())
    assert forecasting_main(["cbs", "--gemeente", "GM0394", "--out", str(out), "--iv3", str(iv3_path)]) == 0
    voorzieningen = pd.read_csv(out / "voorzieningen.csv", sep=None, engine="python")
    assert voorzieningen.set_index("voorziening").loc["Jeugdzorg", "breuk"] == 2021
    dataset, problems = load_dataset(out)
    assert problems.ok, problems.report()
    baseline = build_baseline(dataset, horizon=3)
    assert any("Jeugdzorg" in w.melding and "vanaf 2021 begint volgens de gegevens een nieuwe reeks" in w.melding
               for w in baseline.warnings)
