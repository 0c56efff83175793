"""The raad report as A4 PDF (presentation/pdf.py, WeasyPrint) through the command line: it opens as a PDF, has
several pages, names the gemeente, keeps Dutch amounts whole and leaves no heading at the end of a page."""

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
