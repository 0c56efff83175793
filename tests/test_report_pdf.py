"""The raad report as A4 PDF (presentation/pdf.py, WeasyPrint) through the command line: it opens as a PDF, has
at most five pages for the sample, names the gemeente, keeps Dutch amounts whole, leaves no heading at the end of a
page and no table away from its heading (no page holding only a short table)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.factories import REPO, SAMPLE

pytest.importorskip("weasyprint", reason="WeasyPrint ontbreekt: `make install` (en `make system-deps` voor Pango)")
pypdf = pytest.importorskip("pypdf")

HEADINGS = {"Samenvatting", "Wmo", "Jeugd", "Prognose tegenover de begroting", "Waar komt de groei vandaan?",
            "Wat de maatregelen opleveren", "Verwachte jaarrekening 2025 en indicatoren",
            "Indicatoren met een streefwaarde", "Wat de maatregelen met hun indicator doen", "Aannames"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "scenarios", "report", "--data", str(SAMPLE), "--scenario",
         str(REPO / "data" / "voorbeeldscenario.json"), "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Rapport (PDF) geschreven" in result.stdout
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(out)
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def test_the_pdf_has_several_a4_pages_with_the_gemeente_and_dutch_amounts(pages):
    assert len(pages) > 1
    text = "\n".join(pages)
    assert "Voorbeeldgemeente (fictief)" in text
    assert "€ 15,7 mln" in text  # the summary's rounded amount
    assert "€ 16.175.000" in text  # the budget in whole euros with Dutch thousands separators
    assert "Wat de maatregelen opleveren" in text and "Poortwachter begeleiding" in text


def test_the_sample_fits_on_five_pages_and_every_page_starts_with_its_heading(pages):
    assert len(pages) <= 5, f"{len(pages)} pages"
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # a page begins with the title or a heading: a table never starts a page away from its heading
        assert number == 1 or lines[0] in HEADINGS, f"page {number} begins with {lines[0]!r}"
        headings = [line for line in lines if line in HEADINGS]
        sentences = [line for line in lines if line.endswith(".") and len(line) > 40]
        assert len(headings) >= 2 or sentences, f"page {number} holds only one table: {lines[:3]}"


def test_no_heading_ends_a_page_and_no_amount_is_broken(pages):
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] not in HEADINGS, f"page {number} ends with the heading '{lines[-1]}'"
        for line in lines:
            assert not line.endswith("€"), f"page {number}: an amount breaks after '€': {line!r}"
            assert line not in ("N", "V", "mln", "N;", "V;"), f"page {number}: '{line}' lost its amount"


def test_the_command_line_refuses_another_extension_in_dutch(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scenarios", "report", "--data", str(SAMPLE), "--out", str(tmp_path / "r.docx")],
        capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2 and "--out moet op .html of .pdf eindigen" in result.stderr
