"""Show a chart with its downloads (PNG for print, SVG for a nota or slide), rendered only when clicked."""

from __future__ import annotations

import re

import streamlit as st

from presentation import charts

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: object) -> str:
    """Text from users (names, values in messages) shown literally: Markdown characters escaped, so a name like
    '**x**' or '[klik](http://...)' stays text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def chart(figure, name: str) -> None:
    st.altair_chart(figure, width="stretch")
    png, svg, _ = st.columns([1, 1, 6])
    png.download_button("PNG", lambda: charts.to_png(figure), file_name=f"{name}.png", mime="image/png",
                        key=f"png_{name}", help="Grafiek als afbeelding, geschikt voor drukwerk")
    svg.download_button("SVG", lambda: charts.to_svg(figure), file_name=f"{name}.svg", mime="image/svg+xml",
                        key=f"svg_{name}", help="Grafiek als vectorbestand voor een nota of presentatie")
