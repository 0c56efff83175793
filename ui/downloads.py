"""The raad report's PDF download, the same on Begroting and Sessie (presentation/pdf.py makes the PDF)."""

from __future__ import annotations

from presentation import pdf

PDF_HELP = "Het rapport op A4, klaar om af te drukken of mee te sturen met een raadsvoorstel."
NO_PDF = ("PDF is op deze server niet beschikbaar (WeasyPrint of Pango ontbreekt; zie README). "
          "Gebruik het HTML-rapport en 'Afdrukken' in de browser.")


def report_pdf_button(container, run, file_name: str, key: str) -> None:
    """A download button for the report as PDF, made only when clicked; disabled, with the reason, without Pango."""
    if not pdf.available():
        container.download_button("Rapport voor de raad (PDF)", b"", file_name=file_name, key=key, disabled=True,
                                  help=NO_PDF)
        return
    container.download_button("Rapport voor de raad (PDF)", lambda: pdf.render(run), file_name=file_name,
                              mime="application/pdf", key=key, help=PDF_HELP,
                              on_click="ignore")  # made when clicked, without rerunning the screen
