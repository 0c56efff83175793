"""The raad report as an A4 PDF: the same self-contained HTML (presentation/report.py) laid out by WeasyPrint.

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0;
`make system-deps` installs them). The charts are inline SVG, which WeasyPrint draws itself; the page breaks
come from the report's print CSS (`@page`, no heading left at a page end, no table or chart split, a chart with
its table and a heading with its table kept on one page (`.blok`), no forced page breaks, amounts with
non-breaking spaces). The sample gemeente prints on 4 pages; the layout takes about a second.
"""

from __future__ import annotations

import logging
from functools import cache

from presentation import report

logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it ignores (screen-only rules) is no news
logging.getLogger("fontTools").setLevel(logging.ERROR)


@cache
def available() -> bool:
    """Whether WeasyPrint and the system's Pango load (checked once per process; the import takes a second)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def from_html(html: str) -> bytes:
    """An HTML document as PDF bytes (A4 from the document's @page rule)."""
    import weasyprint  # loads Pango: only when a PDF is asked for

    return weasyprint.HTML(string=html).write_pdf()


def render(run) -> bytes:
    """The raad report of a run (grip/service.py) as PDF."""
    return from_html(report.render(run))
