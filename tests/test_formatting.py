from presentation.formatting import euro, euro_range, euro_short, number, nv, pct


def test_dutch_amounts_percentages_and_signs():
    assert euro(1234567) == "€ 1.234.567"
    assert euro(-1234.4) == "-€ 1.234"
    assert euro_short(1_234_567) == "€ 1,2 mln"
    assert euro_short(850_000) == "€ 850.000"
    assert pct(0.035) == "3,5%"
    assert number(1234.5, 1) == "1.234,5"
    assert nv(1000) == "€ 1.000 N" and nv(-1000) == "€ 1.000 V" and nv(0.2) == "€ 0"
    assert nv(1_250_466, short=True) == "€ 1,3 mln N"
    assert euro_range(19_300_000, 22_800_000) == "€ 19,3 – 22,8 mln"
    assert euro_range(1_820_000, 1_840_000) == "€ 1,82 – 1,84 mln"  # one decimal would say 1,8 – 1,8
    assert euro_range(1_800_100, 1_800_400) == "€ 1,800 – 1,800 mln"  # at most three decimals
    assert euro(float("nan")) == ""


def test_moments_are_shown_on_the_dutch_clock_whatever_the_servers_zone():
    from datetime import UTC, datetime

    from presentation.formatting import clock_text, date_text

    assert clock_text(datetime(2026, 12, 5, 14, 36, tzinfo=UTC)) == "05-12-2026 15:36"  # winter time: UTC+1
    assert clock_text(datetime(2026, 7, 1, 9, 0, tzinfo=UTC)) == "01-07-2026 11:00"  # summer time: UTC+2
    assert date_text(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01-01-2027"  # already new year's day in NL
