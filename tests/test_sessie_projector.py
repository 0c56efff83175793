"""Sessie's charts for a projector (#24 point 5): axis and legend labels as large as the sentences (22 px against
1.45rem = 23 px), never cut off, at every step; other screens keep their 13 px."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.factories import REPO


def chart_config(at: AppTest) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)["config"]


def test_sessie_charts_have_labels_as_large_as_the_text_at_every_step():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("screens/sessie.py").run()
    for step in range(4):
        assert not at.exception, at.exception
        config = chart_config(at)
        assert config["axis"]["labelFontSize"] == 22 and config["axis"]["titleFontSize"] == 22, step
        assert config["axis"]["labelLimit"] == 0  # '€ 20.000.000' whole
        assert config["legend"]["labelFontSize"] == 22
        if step < 3:
            at.button(key="sessie_volgende").click().run()
    at.switch_page("screens/prognose.py").run()
    config = chart_config(at)
    assert config["axis"]["labelFontSize"] == 13 and "labelLimit" not in config["axis"]
