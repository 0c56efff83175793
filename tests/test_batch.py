"""The batch (grip/batch.py) on a small in-process Dask cluster: three gemeenten, one broken, and the restart."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from benchmarks import synthetic_country
from forecasting.region.regional import EXPECTED_NOTE
from grip.batch import (
    ALL_FILE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_UNUSABLE,
    EXPECTED_FILE,
    MARKER_DIR,
    file_stem,
    run_batch,
)
from tests.factories import REPO

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    with Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture
def region(tmp_path):
    return synthetic_country.write_folders(synthetic_country.generate(3, seed=11), tmp_path / "regio")


def break_gemeente(folder):
    """Clients as text in one row: the gemeente's data is unusable."""
    path = folder / "realisatie.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = ";".join(lines[3].split(";")[:2] + ["veel", "1000"])
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def test_one_broken_gemeente_is_named_and_the_others_are_done(region, tmp_path, client):
    break_gemeente(region / "Gemeente 002")
    out = tmp_path / "uit"
    stream = io.StringIO()
    result = run_batch(region, out, client=client, stream=stream)
    assert result.code == EXIT_SOME_FAILED
    assert sorted(result.done) == ["Gemeente 001", "Gemeente 003"]
    reason = result.failed["Gemeente 002"]
    assert "gemeente 'Gemeente 002', realisatie.csv, rij 4, kolom 'clienten'" in reason and "geen getal" in reason
    text = stream.getvalue()
    assert "Mislukt" in text and "Gemeente 002" in text and "3/3 gemeenten, 1 mislukt" in text
    assert (out / "Gemeente 001.csv").exists() and not (out / "Gemeente 002.csv").exists()
    combined = pd.read_csv(out / ALL_FILE)
    assert list(combined.columns[:2]) == ["gemeente", "jaar"]
    assert list(dict.fromkeys(combined["gemeente"])) == ["Gemeente 001", "Gemeente 003"]
    one = pd.read_csv(out / "Gemeente 003.csv")
    pd.testing.assert_frame_equal(combined.loc[combined["gemeente"] == "Gemeente 003"].drop(columns="gemeente")
                                  .reset_index(drop=True), one)
    assert set(pd.read_csv(out / EXPECTED_FILE)["gemeente"]) == {"Gemeente 001", "Gemeente 003"}
    assert EXPECTED_NOTE in (out / "samenvatting.txt").read_text(encoding="utf-8")
    assert all(o.blas_threads == "1" for o in result.outcomes)

    # the restart: repaired, only the broken gemeente is computed
    synthetic_country.write_folders(synthetic_country.generate(3, seed=11)[1:2], region)
    again = run_batch(region, out, client=client, stream=io.StringIO())
    assert again.code == EXIT_OK and again.done == ["Gemeente 002"]
    assert sorted(again.skipped) == ["Gemeente 001", "Gemeente 003"]
    assert list(dict.fromkeys(pd.read_csv(out / ALL_FILE)["gemeente"])) == ["Gemeente 001", "Gemeente 002",
                                                                             "Gemeente 003"]

    # an output file cut short (a crash while copying, an edit) is not complete: computed again
    path = out / "Gemeente 001.csv"
    path.write_bytes(path.read_bytes()[:100])
    # changed input is computed again too
    (region / "Gemeente 003" / "begroting.csv").unlink()
    third = run_batch(region, out, client=client, stream=io.StringIO())
    assert sorted(third.done) == ["Gemeente 001", "Gemeente 003"] and third.skipped == ["Gemeente 002"]
    marker = json.loads((out / MARKER_DIR / "Gemeente 001.json").read_text(encoding="utf-8"))
    assert marker["gemeente"] == "Gemeente 001" and marker["profiel"]


def test_both_command_lines_give_the_same_forecast_per_gemeente(tmp_path):
    """`python -m forecasting batch` (exit 0) writes for each gemeente exactly what `python -m forecasting` writes."""
    country = synthetic_country.generate(3, seed=11)
    combined = synthetic_country.write_combined(country, tmp_path / "kolom")
    folders = synthetic_country.write_folders(country, tmp_path / "mappen")
    out = tmp_path / "uit"
    run = subprocess.run([sys.executable, "-m", "forecasting", "batch", "--data", str(combined), "--out", str(out),
                          "--scheduler", "threads", "--workers", "2"], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "3 nu berekend" in run.stderr
    single = tmp_path / "een.csv"
    name = country[1].naam
    one = subprocess.run([sys.executable, "-m", "forecasting", "--data", str(folders / name), "--out", str(single)],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert one.returncode == 0, one.stderr
    assert (out / f"{name}.csv").read_bytes() == single.read_bytes()


def test_unusable_input_as_a_whole_exits_2_in_dutch(tmp_path):
    run = subprocess.run([sys.executable, "-m", "forecasting", "batch", "--data", str(tmp_path / "bestaat-niet"),
                          "--out", str(tmp_path / "uit")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "bestaat niet" in run.stderr


def test_file_names_are_safe_and_unique():
    taken: set[str] = set()
    assert file_stem("'s-Gravenhage", taken) == "'s-Gravenhage"
    assert file_stem("Bergen (L.)", taken) == "Bergen (L.)"
    assert file_stem("a/b:c", taken) == "a_b_c"
    assert file_stem("A_B_C", taken) == "A_B_C_2"
    assert file_stem("alle_gemeenten", taken) == "alle_gemeenten_gemeente"


# --- hostile names and files (issue 22) ------------------------------------------------------------------------

def renamed(country, *names):
    from dataclasses import replace as with_name

    return [with_name(g, naam=n) for g, n in zip(country, names)]


def test_a_400_byte_gemeente_name_gets_a_short_file_name_and_stays_whole_inside_the_files(tmp_path, client):
    emoji = "🏠" * 100  # 100 characters, 400 bytes: longer than a file name may be
    country = renamed(synthetic_country.generate(2, seed=11), emoji, "Gemeente 002")
    data = synthetic_country.write_combined(country, tmp_path / "kolom")
    out = tmp_path / "uit"
    result = run_batch(data, out, client=client, stream=io.StringIO())
    assert result.code == EXIT_OK and sorted(result.done) == sorted([emoji, "Gemeente 002"])
    files = [p for p in out.glob("*.csv") if p.name.startswith("🏠")]
    assert len(files) == 1 and len(files[0].stem.encode("utf-8")) <= 120
    assert re.fullmatch(r"(🏠)+_[0-9a-f]{10}", files[0].stem)
    assert emoji in set(pd.read_csv(out / ALL_FILE)["gemeente"])  # the whole name inside the file
    marker = json.loads((out / MARKER_DIR / f"{files[0].stem}.json").read_text(encoding="utf-8"))
    assert marker["gemeente"] == emoji


def test_long_names_are_cut_at_a_character_with_a_hash_and_stay_unique():
    taken: set[str] = set()
    one, two = file_stem("é" * 119 + "a", taken), file_stem("é" * 119 + "b", taken)
    assert one != two and all(len(s.encode("utf-8")) <= 120 for s in (one, two))
    assert one.startswith("é" * 54) and one.encode("utf-8").decode("utf-8") == one
    assert file_stem("Beekdal", taken) == "Beekdal"  # short names unchanged


def test_refused_and_unreadable_gemeenten_are_named_with_a_nonzero_exit_and_the_others_go_on(tmp_path, client):
    long_name = "L" * 250  # a folder name the file system allows, a gemeente name Grip refuses
    names = ["Gemeente 001", "Totaal", "regio", long_name, "Nieuw\n- Verzonnen: alles goed"]
    region = synthetic_country.write_folders(renamed(synthetic_country.generate(5, seed=11), *names),
                                             tmp_path / "regio")
    (region / "Oud").mkdir()
    (region / "Oud" / "realisatie.xls").write_bytes(b"\xd0\xcf\x11\xe0 oud Excel")
    out = tmp_path / "uit"
    stream = io.StringIO()
    result = run_batch(region, out, client=client, stream=stream)
    assert result.code == EXIT_SOME_FAILED
    assert result.done == ["Gemeente 001"]
    assert sorted(result.failed) == sorted(names[1:] + ["Oud"])
    assert "gereserveerd" in result.failed["Totaal"] and "gereserveerd" in result.failed["regio"]
    assert "250 tekens" in result.failed[long_name]
    assert "stuurteken" in result.failed[names[4]]
    assert ".xls" in result.failed["Oud"] and "realisatie.xls" in result.failed["Oud"]
    summary = (out / "samenvatting.txt").read_text(encoding="utf-8")
    assert "6 gemeente(n); 1 nu berekend, 0 al klaar uit een eerdere run, 5 mislukt" in summary
    assert not any(line.startswith("- Verzonnen") for line in summary.splitlines()), "a name forged a line"
    assert "- Nieuw\\x0a- Verzonnen: alles goed:" in summary
    assert sorted(p.name for p in out.glob("*.csv")) == sorted([ALL_FILE, "Gemeente 001.csv"])


def test_directories_where_outputs_or_markers_belong_are_refused_in_dutch(region, tmp_path, client):
    out = tmp_path / "uit"
    assert run_batch(region, out, client=client, stream=io.StringIO()).code == EXIT_OK
    (out / "Gemeente 001.csv").unlink()
    (out / "Gemeente 001.csv").mkdir()
    (out / MARKER_DIR / "Gemeente 002.json").unlink()
    (out / MARKER_DIR / "Gemeente 002.json").mkdir()
    (out / MARKER_DIR / "Gemeente 002.json" / "iets").write_text("x")
    again = run_batch(region, out, client=client, stream=io.StringIO())
    assert again.code == EXIT_SOME_FAILED
    assert sorted(again.failed) == ["Gemeente 001", "Gemeente 002"] and again.skipped == ["Gemeente 003"]
    assert "staat een map" in again.failed["Gemeente 001"] and "Gemeente 001.csv" in again.failed["Gemeente 001"]
    assert (out / MARKER_DIR / "Gemeente 002.json" / "iets").exists()  # never removed what Grip did not write
    (out / ALL_FILE).unlink()
    (out / ALL_FILE).mkdir()
    stream = io.StringIO()
    third = run_batch(region, out, client=client, stream=stream)
    assert third.code == EXIT_UNUSABLE and "staat een map" in stream.getvalue() and ALL_FILE in stream.getvalue()


@pytest.mark.parametrize("files, expected", [({}, "geen tabellen"),
                                             ({"realisatie.xls": b"\xd0\xcf\x11\xe0"}, "realisatie.xls")])
def test_a_folder_without_tables_is_unusable_input_exit_2(tmp_path, files, expected):
    data = tmp_path / "leeg"
    data.mkdir()
    for name, content in files.items():
        (data / name).write_bytes(content)
    stream = io.StringIO()
    result = run_batch(data, tmp_path / "uit", stream=stream)
    assert result.code == 2 and expected in stream.getvalue()
