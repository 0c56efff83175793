"""Generate the fictional sample gemeente in data/voorbeeldgemeente/ (deterministic).

Run `python data/make_voorbeeldgemeente.py` to rewrite the CSV files. The ratios behind
the numbers and their sources are documented in data/README.md. The files are written
as Dutch Excel saves them: `;`-separated with a decimal comma.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).parent / "voorbeeldgemeente"
REALISED = list(range(2015, 2025))
POPULATION_YEARS = list(range(2015, 2036))
LAST = 2024

# age group: (inhabitants in 2024, yearly growth up to 2024, yearly growth after 2024)
POPULATION = {
    "0-17": (4700, -0.004, -0.005),
    "18-64": (14300, -0.002, -0.004),
    "65-74": (3150, 0.015, 0.005),
    "75+": (2600, 0.03, 0.03),
}

# voorziening: domein, doelgroep, taakveld, use rate in 2015, yearly rate factors 2016-2024,
# real cost per client in 2024 prices, yearly real growth of that cost, noise on cost
VOORZIENINGEN = {
    "Hulp bij het huishouden": (
        "Wmo", "75+", "6.71", 0.205, [1.01, 1.01, 1.01, 1.09, 1.06, 1.05, 1.04, 1.03, 1.02], 3100, -0.005, 0.02),
    "Begeleiding": (
        "Wmo", "18-64", "6.71", 0.0165, [1.03, 1.03, 1.03, 1.03, 0.94, 1.10, 1.04, 1.02, 1.02], 10500, 0.01, 0.02),
    "Dagbesteding": (
        "Wmo", "65-74", "6.71", 0.052, [1.02, 1.02, 1.02, 1.02, 0.80, 1.15, 1.10, 1.02, 1.01], 9000, 0.005, 0.02),
    "Hulpmiddelen": (
        "Wmo", "75+", "6.71", 0.168, [1.005] * 9, 1400, -0.005, 0.03),
    "Woonvoorzieningen": (
        "Wmo", "75+", "6.71", 0.035, [1.0] * 9, 4500, 0.0, 0.08),
    "Vervoer": (
        "Wmo", "75+", "6.71", 0.165, [1.01, 1.01, 1.01, 1.01, 0.70, 0.90, 1.50, 1.03, 1.01], 650, 0.01, 0.03),
    "Jeugdhulp zonder verblijf": (
        "Jeugd", "0-17", "6.72", 0.078, [1.03, 1.03, 1.03, 1.03, 0.96, 1.06, 1.03, 1.01, 1.01], 8200, 0.02, 0.02),
    "Jeugdhulp met verblijf": (
        "Jeugd", "0-17", "6.72", 0.0098, [0.99] * 9, 68000, 0.03, 0.03),
    "Jeugdbescherming en jeugdreclassering": (
        "Jeugd", "0-17", "6.82", 0.0102, [1.0, 1.0, 1.0, 1.0, 0.97, 1.03, 1.0, 1.0, 1.0], 19500, 0.01, 0.03),
}

# VNG-style contract indexation in percent, 2016-2027 (realised, then agreed / assumed)
INDEXATION = {
    "Wmo": [1.6, 1.8, 2.4, 2.9, 3.3, 2.2, 3.0, 6.4, 6.3, 5.0, 3.5, 3.0],
    "Jeugd": [1.6, 1.8, 2.4, 2.9, 3.3, 2.2, 3.2, 6.5, 6.3, 4.9, 3.5, 3.0],
}
INDEXATION_YEARS = list(range(2016, 2028))
BUDGET_YEARS = list(range(2025, 2030))
BUDGET_UPLIFT = 1.03  # the 2025 budget: last realisation plus 3%, then held flat
# Past budgets (for the Terugblik): the budget for year t was made in the autumn of t-1, when the accounts of t-2
# were the last known realisation; the flat meerjarenraming practice holds that level and adds only the
# indexation of t-1 and t, so the autonomous growth of two years is missing.
PAST_BUDGET_YEARS = list(range(2019, 2025))

# In-year figures (tussentijds): months of 2022-2024 adding up to the realisation, and 2025 up to September.
IN_YEAR_HISTORY = [2022, 2023, 2024]
IN_YEAR = 2025
IN_YEAR_THROUGH = 9
# Booked costs per month as a share of an even month: invoices arrive late (January is light), a summer dip,
# and December carries the late invoices and year-end accruals, so the last quarter is the heaviest.
MONTH_WEIGHTS = [0.55, 0.80, 0.95, 1.00, 1.00, 1.00, 0.90, 0.85, 1.00, 1.05, 1.05, 1.85]
# 2025 over 2024 in current prices: indexation of about 5% plus each voorziening's growth; verblijf runs high
GROWTH_2025 = {"Hulp bij het huishouden": 1.09, "Begeleiding": 1.07, "Dagbesteding": 1.06, "Hulpmiddelen": 1.05,
               "Woonvoorzieningen": 1.04, "Vervoer": 1.06, "Jeugdhulp zonder verblijf": 1.08,
               "Jeugdhulp met verblijf": 1.16, "Jeugdbescherming en jeugdreclassering": 1.06}
MONTHLY_CLIENT_SHARE = 0.82  # clients in care in a month, as a share of the year's clients

# Indicators with a base year, start value and target (the first two are computed by Grip from the data).
INDICATORS = [
    ("Cliënten per 1.000 inwoners 18-64: Begeleiding", "per 1.000 inwoners", 2024, None, 19.0, 2028,
     "lager is beter", "Grip (realisatie en bevolking)", "jaarlijks, bij de jaarrekening"),
    ("Aandeel jeugdigen met jeugdhulp", "%", 2024, None, 10.5, 2028, "lager is beter",
     "Grip (realisatie en bevolking)", "jaarlijks, bij de jaarrekening"),
    ("Cliënten tevreden over de ondersteuning", "%", 2022, 78.0, 85.0, 2027, "hoger is beter",
     "Cliëntervaringsonderzoek Wmo", "jaarlijks (juni)"),
]
SATISFACTION = {2022: 78.0, 2023: 79.0, 2024: 80.0}


def nl(value: float, decimals: int = 0) -> str:
    """Format as Dutch Excel writes a number in a CSV: decimal comma, no thousands dots."""
    return f"{value:.{decimals}f}".replace(".", ",")


def population() -> dict[str, dict[int, int]]:
    out = {}
    for group, (level, before, after) in POPULATION.items():
        out[group] = {
            year: round(level * ((1 + before) ** (year - LAST) if year <= LAST else (1 + after) ** (year - LAST)))
            for year in POPULATION_YEARS
        }
    return out


def cumulative_index(domein: str) -> dict[int, float]:
    index = {REALISED[0]: 1.0}
    for year, pct in zip(INDEXATION_YEARS, INDEXATION[domein]):
        index[year] = index[year - 1] * (1 + pct / 100)
    return index


def realisation(pop) -> list[tuple[int, str, float, float]]:
    rng = np.random.default_rng(20241231)
    rows = []
    for name, (domein, group, _, rate0, factors, cost, growth, noise) in VOORZIENINGEN.items():
        index = cumulative_index(domein)
        rate = rate0
        for i, year in enumerate(REALISED):
            if i > 0:
                rate *= factors[i - 1]
            clients = rate * pop[group][year] * float(np.exp(rng.normal(0, 0.02)))
            real_cost = cost * (1 + growth) ** (year - LAST) * float(np.exp(rng.normal(0, noise)))
            nominal = real_cost * index[year] / index[LAST]
            rows.append((year, name, round(clients), round(round(clients) * nominal)))
    return rows


def in_year(real) -> list[tuple[int, int, str, int, int]]:
    """(jaar, maand, voorziening, clienten, kosten) per month; whole years add up to the realisation exactly."""
    rng = np.random.default_rng(20250930)
    rows = []
    by_key = {(year, name): (clients, cost) for year, name, clients, cost in real}
    for name in VOORZIENINGEN:
        clients_2024, cost_2024 = by_key[(LAST, name)]
        years = [(y, *by_key[(y, name)]) for y in IN_YEAR_HISTORY]
        years.append((IN_YEAR, clients_2024 * GROWTH_2025[name] / 1.05, cost_2024 * GROWTH_2025[name]))
        for year, clients, cost in years:
            weights = np.array(MONTH_WEIGHTS) * np.exp(rng.normal(0, 0.05, 12))
            amounts = np.round(cost * weights / weights.sum()).astype(int)
            amounts[-1] += int(round(cost)) - int(amounts.sum())  # whole years match the realisation to the euro
            months = 12 if year < IN_YEAR else IN_YEAR_THROUGH
            for month in range(1, months + 1):
                in_care = clients * MONTHLY_CLIENT_SHARE * float(np.exp(rng.normal(0, 0.02)))
                rows.append((year, month, name, round(in_care), int(amounts[month - 1])))
    return rows


def indicator_rows(pop, real) -> list[list[str]]:
    by_key = {(year, name): clients for year, name, clients, _ in real}
    computed = {
        INDICATORS[0][0]: by_key[(LAST, "Begeleiding")] / pop["18-64"][LAST] * 1000,
        INDICATORS[1][0]: sum(by_key[(LAST, n)] for n, spec in VOORZIENINGEN.items() if spec[0] == "Jeugd")
        / pop["0-17"][LAST] * 100,
    }
    return [[name, unit, str(base), nl(computed.get(name, start), 1), nl(target, 1), str(year), direction, source,
             update] for name, unit, base, start, target, year, direction, source, update in INDICATORS]


def past_budgets(real) -> list[tuple[int, str, int]]:
    """(jaar, domein, bedrag): the realisation of t-2 per domein, indexed by the percentages of t-1 and t."""
    realised: dict[tuple[int, str], float] = {}
    for year, name, _, cost in real:
        key = (year, VOORZIENINGEN[name][0])
        realised[key] = realised.get(key, 0.0) + cost
    pct = {domein: dict(zip(INDEXATION_YEARS, values)) for domein, values in INDEXATION.items()}
    return [(year, domein, int(round(realised[(year - 2, domein)] * (1 + pct[domein][year - 1] / 100)
                                     * (1 + pct[domein][year] / 100), -3)))
            for year in PAST_BUDGET_YEARS for domein in INDEXATION]


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(OUT / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    pop = population()
    write(
        "voorzieningen",
        ["voorziening", "domein", "doelgroep", "taakveld"],
        [[name, spec[0], spec[1], spec[2]] for name, spec in VOORZIENINGEN.items()],
    )
    real = realisation(pop)
    write("realisatie", ["jaar", "voorziening", "clienten", "kosten"],
          [[str(y), v, str(c), str(k)] for y, v, c, k in real])
    write("bevolking", ["jaar", "leeftijd", "aantal"],
          [[str(year), group, str(pop[group][year])] for year in POPULATION_YEARS for group in POPULATION])
    write("indexatie", ["jaar", "domein", "percentage"],
          [[str(year), domein, nl(pct, 1)] for domein, pcts in INDEXATION.items()
           for year, pct in zip(INDEXATION_YEARS, pcts)])
    totals = {d: 0.0 for d in INDEXATION}
    for year, name, _, cost in real:
        if year == LAST:
            totals[VOORZIENINGEN[name][0]] += cost
    write("tussentijds", ["jaar", "periode", "voorziening", "clienten", "kosten"],
          [[str(y), str(m), v, str(c), str(k)] for y, m, v, c, k in in_year(real)])
    write("indicatoren", ["indicator", "eenheid", "basisjaar", "startwaarde", "streefwaarde", "streefjaar",
                          "richting", "bron", "actualisatie"], indicator_rows(pop, real))
    write("indicatorwaarden", ["jaar", "indicator", "waarde"],
          [[str(y), INDICATORS[2][0], nl(v, 1)] for y, v in SATISFACTION.items()])
    write("begroting", ["jaar", "domein", "bedrag"],
          [[str(year), domein, str(amount)] for year, domein, amount in past_budgets(real)]
          + [[str(year), domein, str(int(round(total * BUDGET_UPLIFT, -3)))]
             for domein, total in totals.items() for year in BUDGET_YEARS])


if __name__ == "__main__":
    main()
