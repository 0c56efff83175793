"""The year-end projection (verwachte jaarrekening) from in-year figures (tussentijdse realisatie).

For the year Y being projected (the first year after the last realised year), voorziening v, and the last
month m with in-year figures (a quarter Kq counts as month 3q):

    R              = the costs realised in Y up to and including month m
    s_y(m)         = the share of year y's in-year total realised by month m, for every earlier year y whose
                     in-year figures cover the whole year (quarters are interpolated linearly between their ends)
    s(m)           = the mean of s_y(m) over those years                       (the usual pattern over the year)
                     or m / 12 when no earlier year is complete                 (pro rata)
    A              = R / s(m)                                                   (estimate from the realisation)
    sd_A           = sd over y of ln s_y(m) * sqrt(1 + 1/n) with n years (n >= 2), at least MIN_SD, and at least
                     the root mean square ln error of the backtest at month m over the domein's voorzieningen
                     (a handful of years understates the spread; the pooled backtest does not);
                     one complete year: its share with half the pro rata spread;
                     pro rata: PRO_RATA_SD * (1 - m/12), wider than a pattern at every month before December;
                     in December sd_A = 0
    P, sd_P        = the year's baseline prognosis and the spread of its draws: (ln P90 - ln P10) / (2 * 1.2816)

    w              = (1 / sd_A^2) / (1 / sd_A^2 + 1 / sd_P^2)                   (precision weight of the realisation)
    verwacht       = exp(w * ln A + (1 - w) * ln P)
    draw d         = max(R, exp(w * (ln A + sd_A * z_d) + (1 - w) * ln P_d))    (P_d the baseline's own draws)

The draws have exactly the combined variance 1 / (1/sd_A^2 + 1/sd_P^2) on the log scale, and they keep the
baseline's draws (so totals per domein and overall come from forecasting/projection.py, draw by draw). Early in
the year sd_A is large and w small: the prognosis dominates; late in the year sd_A shrinks to 0 and w to 1:
the realisation dominates; in December A = R. A voorziening without in-year figures for Y keeps its prognosis
(w = 0). The pattern error z_d is independent per voorziening.

Backtest: for every earlier complete year y and month m, A is computed from y's own figures up to m with the
pattern of the other complete years (leave one year out) and compared with y's in-year total; the error by
month is reported (mean absolute percentage error), next to pro rata, with the share of years inside the 80%
band as year_end draws it (sd_A widened to the other years' root mean square ln error at that month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.projection import Projection

MONTHS = 12
Z80 = 1.2815515655446004
MIN_SD = 0.005  # a pattern never predicts the year-end better than 0.5%
PRO_RATA_SD = 0.40  # ln-scale spread of pro rata at month 0, to 0 in December (the sample's backtest of pro rata:
# MAPE 24% after March, 11% after September, because the heavy December is not in a straight line)
SEED = 20250930
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
PATTERN, PRO_RATA, PROGNOSIS_ONLY = "patroon", "pro rata", "alleen prognose"
_QUARTER = re.compile(r"^[KQ]([1-4])$")


def parse_period(text) -> tuple[str, int] | None:
    """'1'-'12' -> ('maand', m); 'K1'-'K4' (or Q1-Q4) -> ('kwartaal', q); anything else None."""
    label = str(text).strip().upper().replace(" ", "")
    match = _QUARTER.match(label)
    if match:
        return "kwartaal", int(match.group(1))
    if label.isdigit() and 1 <= int(label) <= MONTHS:
        return "maand", int(label)
    try:
        value = float(label.replace(",", "."))
    except ValueError:
        return None
    if value.is_integer() and 1 <= value <= MONTHS:
        return "maand", int(value)
    return None


def period_month(text) -> int:
    """The last month a period covers: a month is itself, quarter Kq ends in month 3q."""
    kind, number = parse_period(text)
    return number * 3 if kind == "kwartaal" else number


def period_label(month: int, quarterly: bool = False) -> str:
    """'t/m september' or 't/m K3'."""
    if month <= 0:
        return ""
    return f"t/m K{month // 3}" if quarterly else f"t/m {MONTH_NAMES[month - 1]}"


@dataclass(frozen=True, eq=False)
class YearEnd:
    """The expected year-end of one year per voorziening; totals and bands through `projection` (one year)."""

    year: int
    projection: Projection  # verwacht, with draws [D, V, 1]
    realised: Projection  # gerealiseerd up to through_month (NaN without in-year figures), no draws
    prognosis: Projection  # the year's baseline prognosis (with its draws)
    through_month: np.ndarray  # [V] last month with figures (0: none)
    quarterly: np.ndarray  # [V] bool: figures per quarter
    methods: tuple[str, ...]  # PATTERN, PRO_RATA or PROGNOSIS_ONLY per voorziening
    weight: np.ndarray  # [V] w, the weight of the realisation
    sd_realised: np.ndarray  # [V] sd_A
    sd_prognosis: np.ndarray  # [V] sd_P
    backtest: pd.DataFrame  # voorziening, domein, jaar, maand, fout_patroon, fout_pro_rata, binnen_band

    @property
    def has_figures(self) -> bool:
        return bool((self.through_month > 0).any())

    def through(self, domein: str | None = None, voorziening: str | None = None) -> int:
        """The last month of a selection that all its voorzieningen with figures share (0 when none has any)."""
        months = self.through_month[self.projection.mask(domein, voorziening)]
        months = months[months > 0]
        return int(months.min()) if len(months) else 0

    def label(self, domein: str | None = None, voorziening: str | None = None) -> str:
        mask = self.projection.mask(domein, voorziening) & (self.through_month > 0)
        quarterly = bool(mask.any() and self.quarterly[mask].all())
        return period_label(self.through(domein, voorziening), quarterly)


def cumulative_by_month(rows: pd.DataFrame) -> dict[int, float]:
    """{month: cumulative cost at the end of that period} of one year and voorziening (rows per period)."""
    months = [period_month(p) for p in rows["periode"]]
    order = np.argsort(months, kind="stable")
    cumulative, total = {}, 0.0
    for i in order:
        total += float(rows["kosten"].iloc[i])
        cumulative[months[i]] = total
    return cumulative


def is_complete(rows: pd.DataFrame) -> bool:
    """Every period of the year is there (12 months or 4 quarters)."""
    periods = [parse_period(p) for p in rows["periode"]]
    kinds = {k for k, _ in periods}
    if kinds == {"maand"}:
        return {n for _, n in periods} == set(range(1, 13))
    return kinds == {"kwartaal"} and {n for _, n in periods} == {1, 2, 3, 4}


def share_at(cumulative: dict[int, float], month: int) -> float:
    """The share of the year's total realised by `month`, linear between the ends of the given periods."""
    total = cumulative[MONTHS]
    points = sorted({0: 0.0, **cumulative}.items())
    months = [m for m, _ in points]
    values = [v for _, v in points]
    return float(np.interp(month, months, values) / total) if total > 0 else np.nan


def _history(rows: pd.DataFrame, year: int) -> dict[int, dict[int, float]]:
    """{year: cumulative by month} for every complete year before `year` with a positive total."""
    out = {}
    for y, year_rows in rows.groupby("jaar"):
        if int(y) < year and is_complete(year_rows):
            cumulative = cumulative_by_month(year_rows)
            if cumulative[MONTHS] > 0:
                out[int(y)] = cumulative
    return out


def pattern_estimate(history: dict[int, dict[int, float]], month: int, realised: float
                     ) -> tuple[float, float, str]:
    """(A, sd_A, method) from the costs realised up to `month` and the complete earlier years (the docstring)."""
    if month >= MONTHS:
        return realised, 0.0, PATTERN if history else PRO_RATA
    shares = np.array([share_at(c, month) for c in history.values()])
    shares = shares[np.isfinite(shares) & (shares > 0)]
    pro_rata_sd = PRO_RATA_SD * (1 - month / MONTHS)
    if len(shares) >= 2:
        sd = float(np.std(np.log(shares), ddof=1) * np.sqrt(1 + 1 / len(shares)))
        return realised / float(shares.mean()), max(MIN_SD, sd), PATTERN
    if len(shares) == 1:
        return realised / float(shares[0]), max(MIN_SD, pro_rata_sd / 2), PATTERN
    return realised / (month / MONTHS), max(MIN_SD, pro_rata_sd), PRO_RATA


def precision_weight(sd_a: float, sd_p: float) -> float:
    """w = (1/sd_A^2) / (1/sd_A^2 + 1/sd_P^2); 1 when the realisation is certain, 0 when the prognosis is."""
    if sd_a <= 0:
        return 1.0
    if not np.isfinite(sd_p) or sd_p <= 0:
        return 0.0
    return float((1 / sd_a**2) / (1 / sd_a**2 + 1 / sd_p**2))


def prognosis_sd(draws: np.ndarray | None) -> float:
    """The ln-scale spread of the prognosis: (ln P90 - ln P10) / (2 * 1.2816); 0 without draws."""
    if draws is None:
        return 0.0
    low, high = np.percentile(draws, [10, 90])
    if not (low > 0 and high > 0):
        return 0.0
    return float(np.log(high / low) / (2 * Z80))


def _one_year(projection: Projection, t: int, draws: bool = True) -> Projection:
    return Projection(projection.voorzieningen, projection.domains, (projection.years[t],),
                      projection.cost[:, [t]], projection.clients[:, [t]],
                      projection.draws[:, :, [t]] if draws and projection.draws is not None else None)


def year_end(tussentijds: pd.DataFrame, prognosis: Projection, year: int | None = None, seed: int = SEED
             ) -> YearEnd:
    """The expected year-end of `year` (default: the prognosis's first year) per voorziening of `prognosis`."""
    year = prognosis.years[0] if year is None else year
    base = _one_year(prognosis, prognosis.year_index(year))
    names = base.voorzieningen
    count = len(names)
    point, realised = np.zeros(count), np.full(count, np.nan)
    through, quarterly = np.zeros(count, dtype=int), np.zeros(count, dtype=bool)
    weight, sd_a, sd_p = np.zeros(count), np.full(count, np.nan), np.zeros(count)
    methods = []
    draws_in = base.draws[:, :, 0] if base.draws is not None else np.tile(base.cost[:, 0], (1, 1))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((draws_in.shape[0], count))
    draws = np.zeros_like(draws_in)
    tested = backtest(tussentijds, names, base.domains, year)
    pooled = pooled_sd(tested)
    for v, voorziening in enumerate(names):
        rows = tussentijds.loc[tussentijds["voorziening"] == voorziening]
        now = rows.loc[rows["jaar"] == year]
        prognosis_point = float(base.cost[v, 0])
        sd_p[v] = prognosis_sd(base.draws[:, v, 0] if base.draws is not None else None)
        if now.empty or float(now["kosten"].sum()) <= 0:
            point[v] = prognosis_point
            draws[:, v] = draws_in[:, v]
            methods.append(PROGNOSIS_ONLY)
            continue
        cumulative = cumulative_by_month(now)
        month = max(cumulative)
        through[v], quarterly[v] = month, parse_period(now["periode"].iloc[0])[0] == "kwartaal"
        realised[v] = cumulative[month]
        estimate, sd_a[v], method = pattern_estimate(_history(rows, year), month, realised[v])
        if method == PATTERN and month < MONTHS:
            sd_a[v] = max(sd_a[v], pooled.get((base.domains[v], month), 0.0))
        methods.append(method)
        weight[v] = w = precision_weight(sd_a[v], sd_p[v])
        point[v] = float(np.exp(w * np.log(estimate) + (1 - w) * np.log(prognosis_point))) if w < 1 else estimate
        with np.errstate(divide="ignore"):
            log_p = np.log(np.maximum(draws_in[:, v], 1e-9))
        draws[:, v] = np.maximum(realised[v], np.exp(w * (np.log(estimate) + sd_a[v] * z[:, v]) + (1 - w) * log_p))
    projection = Projection(names, base.domains, (year,), point[:, None], base.clients, draws[:, :, None])
    done = Projection(names, base.domains, (year,), realised[:, None], np.full((count, 1), np.nan))
    return YearEnd(year, projection, done, base, through, quarterly, tuple(methods), weight, sd_a, sd_p, tested)


def pooled_sd(tested: pd.DataFrame) -> dict[tuple[str, int], float]:
    """{(domein, maand): root mean square ln error of the pattern in the backtest}."""
    if tested.empty:
        return {}
    errors = np.log1p(tested["fout_patroon"].to_numpy(dtype=float)) ** 2
    means = pd.Series(errors).groupby([tested["domein"].to_numpy(), tested["maand"].to_numpy()]).mean()
    return {(str(d), int(m)): float(np.sqrt(value)) for (d, m), value in means.items()}


def backtest(tussentijds: pd.DataFrame, names, domains, year: int) -> pd.DataFrame:
    """Per voorziening, earlier complete year y and month m: the pattern estimate from y's own figures up to m and
    the other complete years' pattern (leave one year out), against y's in-year total; pro rata beside it.
    `binnen_band`: the truth inside the 80% band as `year_end` draws it (needs three complete years): the
    pattern's sd, widened to the root mean square ln error of the domein at that month in the other years."""
    records = []
    for voorziening, domein in zip(names, domains):
        history = _history(tussentijds.loc[tussentijds["voorziening"] == voorziening], year)
        if len(history) < 2:
            continue
        for y, cumulative in history.items():
            others = {k: c for k, c in history.items() if k != y}
            truth = cumulative[MONTHS]
            for month in sorted(m for m in cumulative if m < MONTHS):
                estimate, sd, _ = pattern_estimate(others, month, cumulative[month])
                records.append((voorziening, domein, y, month, estimate / truth - 1,
                                cumulative[month] / (month / MONTHS) / truth - 1, sd if len(others) >= 2 else np.nan))
    table = pd.DataFrame(records, columns=["voorziening", "domein", "jaar", "maand", "fout_patroon",
                                           "fout_pro_rata", "sd"])
    return table.assign(binnen_band=_inside_used_band(table)).drop(columns="sd")


def _inside_used_band(table: pd.DataFrame) -> pd.Series:
    """Per backtest point: |ln(A / truth)| ≤ 1.2816 × max(sd, pooled), pooled = the root mean square ln error of
    the same domein and month in the other years (so a point never widens its own band); NaN without a band."""
    if table.empty:
        return pd.Series(dtype=object)
    squared = np.log1p(table["fout_patroon"].astype(float)) ** 2
    cell = [table["domein"], table["maand"]]
    all_sum, all_count = squared.groupby(cell).transform("sum"), squared.groupby(cell).transform("count")
    year = [table["domein"], table["maand"], table["jaar"]]
    own_sum, own_count = squared.groupby(year).transform("sum"), squared.groupby(year).transform("count")
    others = all_count - own_count
    pooled = np.sqrt((all_sum - own_sum) / others.where(others > 0))
    used = np.fmax(table["sd"], pooled.fillna(0.0))
    inside = np.abs(np.log1p(table["fout_patroon"].astype(float))) <= Z80 * used
    return inside.astype(object).where(table["sd"].notna(), np.nan)


def backtest_by_month(table: pd.DataFrame) -> pd.DataFrame:
    """maand, MAPE of the pattern and of pro rata (absolute errors averaged over voorzieningen and years),
    the share inside the pattern's 80% band, and the number of points."""
    columns = ["maand", "mape_patroon", "mape_pro_rata", "dekking", "punten"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    grouped = table.assign(a=table["fout_patroon"].abs(), b=table["fout_pro_rata"].abs(),
                           c=table["binnen_band"].astype(float)).groupby("maand")
    out = pd.DataFrame({"mape_patroon": grouped["a"].mean(), "mape_pro_rata": grouped["b"].mean(),
                        "dekking": grouped["c"].mean(), "punten": grouped.size()}).reset_index()
    return out[columns]
