"""The year-end projection (verwachte jaarrekening) from in-year figures (tussentijdse realisatie).

For the year Y being projected (the first year after the last realised year), voorziening v, and the last
month m with in-year figures (a quarter Kq counts as month 3q):

    R              = the costs realised in Y up to and including month m
    q_k            = month k's usual share of the year: the mean over every earlier year whose in-year figures
                     cover the whole year (quarters are spread linearly over their months), or 1/12 without one
    s(m)           = q_1 + ... + q_m = the mean of the earlier years' shares s_y(m) realised by month m
    one-off        = a period j with c_j > F * q_j * L is far above its usual share of the year; L, the year's
                     level, is the median of c_i / q_i over Y's periods and the prognosis P (P alone when Y has
                     one period); F = ONE_OFF_FACTOR with a pattern, ONE_OFF_FACTOR_PRO_RATA without one (a plain
                     1/12 does not know the heavy December). E = sum of c_j - q_j * L over those periods: a
                     one-off booking (annual invoice, catch-up) that is counted once, never multiplied
    A              = (R - E) / s(m)                      (the regular year estimated from the realisation; E is
                     added once after the combination below, so the prognosis, which knows no one-off, is weighed
                     against the regular year only and the booking counts in full)
    sd_A           = sd over y of ln s_y(m) * sqrt(1 + 1/n) with n years (n >= 2), at least MIN_SD, and at least
                     the root mean square ln error of the backtest at month m over the domein's voorzieningen
                     (a handful of years understates the spread; the pooled backtest does not);
                     one complete year: its share with half the pro rata spread;
                     pro rata: PRO_RATA_SD * (1 - m/12), wider than a pattern at every month before December;
                     in December sd_A = 0
    leading gap    = Y's figures start in month f > 1 with nothing before them (for example only December): the
                     missing months are not taken as 0; s = q_f + ... + q_m is the share the figures cover,
                     A = (R - E) / s and sd_A = max(PRO_RATA_SD * (1 - s), MIN_SD): a wide band
    P, sd_P        = the year's baseline prognosis and its ln spread, never below the baseline's own backtest
                     error one year ahead nor MIN_PROGNOSIS_SD:
                     sd_P = max((ln P90 - ln P10) / (2 * 1.2816), floor_v, MIN_PROGNOSIS_SD)
                     floor_v = sqrt(sd_gebruik^2 + sd_kpc^2), sd = MAPE_h1 * sqrt(pi / 2) of the family the
                     baseline uses for that series (the ln-spread of a normal error with that mean absolute
                     error); the draws of the prognosis are stretched around ln P to sd_P

    w              = (1 / sd_A^2) / (1 / sd_A^2 + 1 / sd_P^2)                   (precision weight of the realisation)
    sd_C           = max(sqrt(1 / (1 / sd_A^2 + 1 / sd_P^2)), (1 - s) * MIN_PROGNOSIS_SD)   (never narrower than
                     what is still to come: the part 1 - s of the year not yet booked is never known better than
                     the most certain prognosis. Measured in benchmarks/yearend_backtest.py: (1 - s) * sd_P instead
                     held 93-95% of the outcomes in an 80% band, the plain combination 70-86% from March)
    verwacht       = max(R, exp(w * ln A + (1 - w) * ln P) + E)
    draw d         = max(R, exp(c + (w * sd_A * z_d + (1 - w) * (ln P_d - ln P)) * k) + E),
                     c = w ln A + (1 - w) ln P, k = sd_C / sqrt(1 / (1 / sd_A^2 + 1 / sd_P^2))
                     (P_d the baseline's own draws, stretched to sd_P)

The draws keep the baseline's draws (so totals per domein and overall come from forecasting/model/projection.py,
draw by draw). Early in the year sd_A is large and w small: the prognosis dominates; late in the year sd_A
shrinks to 0 and w to 1: the realisation dominates; in December A = R. A year-end is never below what has been
realised. A voorziening without in-year figures for Y keeps its prognosis (w = 0). The pattern error z_d is
independent per voorziening.

Backtest: for every earlier complete year y and month m, A is computed from y's own figures up to m with the
pattern of the other complete years (leave one year out) and compared with y's in-year total; the error by
month is reported (mean absolute percentage error), next to pro rata, with the share of years inside the 80%
band as year_end draws it (sd_A widened to the other years' root mean square ln error at that month). The
combined estimate (pattern plus prognosis, baseline fitted on the years before) is backtested end to end in
benchmarks/yearend_backtest.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecasting.input.dutch import euro, listing, number  # Dutch amounts, numbers and lists in the notes
from forecasting.model.projection import Projection

MONTHS = 12
Z80 = 1.2815515655446004
MIN_SD = 0.005  # a pattern never predicts the year-end better than 0.5%
PRO_RATA_SD = 0.40  # ln-scale spread of pro rata at month 0, to 0 in December (the sample's backtest of pro rata:
# MAPE 24% after March, 11% after September, because the heavy December is not in a straight line)
MIN_PROGNOSIS_SD = 0.03  # a year-ahead prognosis of a voorziening's cost is never more certain than 3% (ln-sd):
# the contract indexation alone is fixed only during the year and moves by about a percentage point, and a
# steady history backtests to an error near 0 that no controller would sign for
MAPE_TO_SD = float(np.sqrt(np.pi / 2))  # a normal error with mean absolute value e has standard deviation e * 1.2533
ONE_OFF_FACTOR = 2.0  # a period at more than twice its usual share of the year is a one-off booking (the sample's
# months stay within 15% of their usual share)
ONE_OFF_FACTOR_PRO_RATA = 3.0  # without earlier years the usual share is 1/12 and a heavy December is normal
SEED = 20250930
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
PATTERN, PRO_RATA, PROGNOSIS_ONLY = "patroon", "pro rata", "alleen prognose"
_QUARTER = re.compile(r"^[KQ]([1-4])$")
_MONTH = re.compile(r"^0?([1-9]|1[0-2])$")


def parse_period(text) -> tuple[str, int] | None:
    """'1'-'12' (or '01'-'09') -> ('maand', m); 'K1'-'K4' (or Q1-Q4) -> ('kwartaal', q); anything else None.

    Only whole month numbers written as such: '10.0', '1e1' or '13' are no period (a number cell of a workbook
    arrives here as '10', see forecasting/input/cells.py)."""
    label = str(text).strip().upper().replace(" ", "")
    match = _QUARTER.match(label)
    if match:
        return "kwartaal", int(match.group(1))
    match = _MONTH.match(label)
    if match:
        return "maand", int(match.group(1))
    return None


def period_months(text) -> tuple[int, int]:
    """(first, last) month a period covers: a month is itself, quarter Kq is months 3q-2 to 3q."""
    kind, number = parse_period(text)
    return (3 * number - 2, 3 * number) if kind == "kwartaal" else (number, number)


def period_name(text) -> str:
    """'januari' or 'K1'."""
    kind, number = parse_period(text)
    return f"K{number}" if kind == "kwartaal" else MONTH_NAMES[number - 1]


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
    one_off: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [V] E: one-off bookings counted once
    notes: tuple[str, ...] = ()  # Dutch warnings about the in-year figures (one-off bookings, leading gaps)

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
    months = [period_months(p)[1] for p in rows["periode"]]
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


def complete_years(rows: pd.DataFrame, year: int) -> dict[int, dict[int, float]]:
    """{year: cumulative by month} for every complete year before `year` with a positive total."""
    out = {}
    for y, year_rows in rows.groupby("jaar"):
        if int(y) < year and is_complete(year_rows):
            cumulative = cumulative_by_month(year_rows)
            if cumulative[MONTHS] > 0:
                out[int(y)] = cumulative
    return out


def month_shares(history: dict[int, dict[int, float]]) -> np.ndarray:
    """q_1..q_12: each month's usual share of the year, the mean over the complete earlier years (1/12 without)."""
    if not history:
        return np.full(MONTHS, 1 / MONTHS)
    ends = np.array([[share_at(c, k) for k in range(MONTHS + 1)] for c in history.values()])
    return np.diff(ends, axis=1).mean(axis=0)


@dataclass(frozen=True)
class Unusual:
    """A period far above its usual share of the year: a one-off booking."""

    periode: str
    amount: float
    usual: float  # q_j * L

    @property
    def excess(self) -> float:
        return self.amount - self.usual


def unusual_periods(periods: list[str], amounts: list[float], shares: np.ndarray, level: float | None,
                    factor: float) -> list[Unusual]:
    """The periods with c_j > factor * q_j * L (module docstring); L the median of c_i / q_i and `level` (the
    year's prognosis or another yardstick for the whole year), `level` alone for a single period."""
    usual_shares = []
    for period in periods:
        first, last = period_months(period)
        usual_shares.append(float(shares[first - 1:last].sum()))
    ratios = [c / q for c, q in zip(amounts, usual_shares) if q > 0]
    known = level is not None and np.isfinite(level) and level > 0
    if len(periods) >= 2:
        year_level = float(np.median(ratios + ([level] if known else []))) if ratios else 0.0
    else:
        year_level = float(level) if known else 0.0
    if year_level <= 0:
        return []
    return [Unusual(period, float(c), q * year_level) for period, c, q in zip(periods, amounts, usual_shares)
            if q > 0 and c > factor * q * year_level]


def yardstick(periods: int, level: str | None) -> str:
    """What unusual_periods measured the year by, in words: the year's other periods (when there are two or more)
    and `level` (the prognosis, or while checking the input the last realisation; None when unknown)."""
    return "gemeten aan " + " en ".join((["de andere maanden"] if periods >= 2 else []) + ([level] if level else []))


def one_off_factor(history: dict) -> float:
    return ONE_OFF_FACTOR if history else ONE_OFF_FACTOR_PRO_RATA


def unusual_note(voorziening: str, year: int, item: Unusual, yardstick: str = "", counted: bool = True) -> str:
    """The Dutch warning for a one-off booking, naming what the year was measured by (`yardstick`). The year-end
    states the excess it counts once (`counted`); the input check cannot know the prognosis the year-end weighs
    in, so it leaves that amount to the year-end."""
    ratio = item.amount / item.usual
    times = number(ratio, 1).removesuffix(",0") if ratio < 100 else number(ratio, 0)
    basis = f", {yardstick}" if yardstick else ""
    excess = f" ({euro(item.excess)})" if counted else ""
    where = "." if counted else "; het bedrag staat bij de verwachte jaarrekening."
    return (f"{voorziening}: {period_name(item.periode)} {year} is {euro(item.amount)}, {times} keer het "
            f"gebruikelijke deel van het jaar ({euro(item.usual)}{basis}). Is dit een eenmalige boeking "
            f"(jaarfactuur, inhaalboeking)? Grip telt het meerdere{excess} één keer mee en rekent alleen de rest "
            f"door naar het jaareinde{where}")


def leading_gap_note(voorziening: str, year: int, first: int, last: int) -> str:
    """The Dutch warning for figures that start after January with nothing before them."""
    span = MONTH_NAMES[first - 1] if first == last else f"{MONTH_NAMES[first - 1]} t/m {MONTH_NAMES[last - 1]}"
    return (f"{voorziening}: er zijn over {year} alleen cijfers van {span}, niets daarvoor. Grip telt de maanden "
            "ervoor niet als 0 maar schat het jaareinde uit het gebruikelijke patroon en de prognose, met een brede "
            "band. Vul de eerdere maanden aan als ze bekend zijn.")


def pro_rata_note(voorzieningen: list[str], year: int, of: int | None = None) -> str:
    """The Dutch warning for voorzieningen whose year-end is pro rata: no earlier complete in-year year, so no
    pattern of late invoices and a heavier December (benchmarks/results/yearend_diagnosis.txt: such a year-end
    came out too low late in the year)."""
    if len(voorzieningen) > 3 and len(voorzieningen) == of:  # `of`: how many voorzieningen there are
        named = f"Alle {of} voorzieningen"
    else:
        named = listing(voorzieningen)
    return (f"{named}: er zijn geen tussentijdse cijfers van een eerder volledig jaar, dus Grip rekent het "
            f"jaareinde {year} pro rata (elke maand een twaalfde van het jaar). Late facturen en een zwaardere "
            "december zitten daar niet in: de verwachting kan te laag uitvallen, ook al is de band breder. Lever "
            f"ook de maandcijfers van {year - 1} aan, dan rekent Grip met het patroon van dat jaar.")


def prognosis_floor(evaluations: pd.DataFrame, choices: pd.DataFrame, names, domains) -> np.ndarray:
    """[V] floor_v = sqrt(sd_gebruik^2 + sd_kpc^2) with sd = MAPE_h1 * sqrt(pi/2) of the family the baseline uses
    for that series (Baseline.evaluations and Baseline.choices); a voorziening without a backtest of a series
    gets the root mean square of its domein's voorzieningen for it (0 when none has one)."""
    count = len(names)
    if evaluations is None or choices is None or evaluations.empty or choices.empty:
        return np.zeros(count)
    used = choices[["voorziening", "reeks", "model"]].merge(
        evaluations[["voorziening", "reeks", "model", "mape_h1"]], how="left")
    sd = {(r.voorziening, r.reeks): float(r.mape_h1) * MAPE_TO_SD for r in used.itertuples()
          if pd.notna(r.mape_h1)}
    out = np.zeros(count)
    for v, (name, domein) in enumerate(zip(names, domains)):
        total = 0.0
        for reeks in ("gebruik", "kosten_per_client"):
            value = sd.get((name, reeks))
            if value is None:
                peers = [sd[(n, reeks)] for n, d in zip(names, domains) if d == domein and (n, reeks) in sd]
                value = float(np.sqrt(np.mean(np.square(peers)))) if peers else 0.0
            total += value**2
        out[v] = np.sqrt(total)
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
    return projection.in_years((projection.years[t],), projection.cost[:, [t]], projection.clients[:, [t]],
                               projection.draws[:, :, [t]] if draws and projection.draws is not None else None)


def stretch(draws: np.ndarray, centre: float, factor: float) -> np.ndarray:
    """Draws moved away from `centre` (ln scale) by `factor`: exp(ln c + (ln d - ln c) * factor)."""
    with np.errstate(divide="ignore"):
        logs = np.log(np.maximum(draws, 1e-9))
    return np.exp(np.log(centre) + (logs - np.log(centre)) * factor)


def year_end(tussentijds: pd.DataFrame, prognosis: Projection, year: int | None = None, seed: int = SEED,
             floor: np.ndarray | None = None) -> YearEnd:
    """The expected year-end of `year` (default: the prognosis's first year) per voorziening of `prognosis`;
    `floor` [V] the baseline's backtest error one year ahead (prognosis_floor), the module docstring."""
    year = prognosis.years[0] if year is None else year
    base = _one_year(prognosis, prognosis.year_index(year))
    names = base.voorzieningen
    count = len(names)
    floor = np.zeros(count) if floor is None else np.asarray(floor, dtype=float)
    point, realised = np.zeros(count), np.full(count, np.nan)
    through, quarterly = np.zeros(count, dtype=int), np.zeros(count, dtype=bool)
    weight, sd_a, sd_p, one_off = np.zeros(count), np.full(count, np.nan), np.zeros(count), np.zeros(count)
    methods, notes = [], []
    draws_in = base.draws[:, :, 0] if base.draws is not None else np.tile(base.cost[:, 0], (1, 1))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((draws_in.shape[0], count))
    z_prognosis = rng.standard_normal((draws_in.shape[0], count))
    draws = np.zeros_like(draws_in)
    tested = backtest(tussentijds, names, base.domains, year)
    pooled = pooled_sd(tested)
    for v, voorziening in enumerate(names):
        rows = tussentijds.loc[tussentijds["voorziening"] == voorziening]
        now = rows.loc[rows["jaar"] == year]
        prognosis_point = float(base.cost[v, 0])
        own_sd = prognosis_sd(base.draws[:, v, 0] if base.draws is not None else None)
        sd_p[v] = max(own_sd, float(floor[v]), MIN_PROGNOSIS_SD)
        if own_sd > 0:
            prognosis_draws = stretch(draws_in[:, v], prognosis_point, sd_p[v] / own_sd)
        else:
            prognosis_draws = prognosis_point * np.exp(sd_p[v] * z_prognosis[:, v])
        if now.empty or float(now["kosten"].sum()) <= 0:
            point[v] = prognosis_point
            draws[:, v] = draws_in[:, v]
            methods.append(PROGNOSIS_ONLY)
            continue
        history = complete_years(rows, year)
        shares = month_shares(history)
        spans = [period_months(p) for p in now["periode"]]
        first, month = min(a for a, _ in spans), max(b for _, b in spans)
        through[v], quarterly[v] = month, parse_period(now["periode"].iloc[0])[0] == "kwartaal"
        realised[v] = float(now["kosten"].sum())
        unusual = unusual_periods(list(now["periode"]), [float(c) for c in now["kosten"]], shares,
                                  prognosis_point, one_off_factor(history))
        one_off[v] = sum(item.excess for item in unusual)
        notes += [unusual_note(voorziening, year, item, yardstick(len(now), "de prognose")) for item in unusual]
        regular = realised[v] - one_off[v]
        if first > 1:
            covered = float(shares[first - 1:month].sum())
            if not covered > 0:  # earlier years booked nothing in these months: their plain share of the year
                covered = (month - first + 1) / MONTHS
            estimate, sd_a[v] = regular / covered, max(MIN_SD, PRO_RATA_SD * (1 - covered))
            method = PATTERN if history else PRO_RATA
            notes.append(leading_gap_note(voorziening, year, first, month))
        else:
            covered = float(shares[:month].sum())
            estimate, sd_a[v], method = pattern_estimate(history, month, regular)
            if method == PATTERN and month < MONTHS:
                sd_a[v] = max(sd_a[v], pooled.get((base.domains[v], month), 0.0))
        methods.append(method)
        weight[v] = w = precision_weight(sd_a[v], sd_p[v]) if estimate > 0 else 0.0  # all of it one-off: no pattern
        centre = w * np.log(max(estimate, 1e-9)) + (1 - w) * np.log(prognosis_point)
        point[v] = max(realised[v], float(np.exp(centre)) + one_off[v])
        combined = float(np.sqrt(1 / (1 / sd_a[v] ** 2 + 1 / sd_p[v] ** 2))) if sd_a[v] > 0 else 0.0
        wanted = max(combined, (1 - min(covered, 1.0)) * MIN_PROGNOSIS_SD)
        deviation = w * sd_a[v] * z[:, v] + (1 - w) * (np.log(prognosis_draws) - np.log(prognosis_point))
        deviation = deviation * (wanted / combined) if combined > 0 else deviation
        draws[:, v] = np.maximum(realised[v], np.exp(centre + deviation) + one_off[v])
    by_pro_rata = [name for name, method, m in zip(names, methods, through) if method == PRO_RATA and m < MONTHS]
    if by_pro_rata:
        notes.append(pro_rata_note(by_pro_rata, year, count))
    projection = base.in_years((year,), point[:, None], base.clients, draws[:, :, None])
    done = base.in_years((year,), realised[:, None], np.full((count, 1), np.nan))
    return YearEnd(year, projection, done, base, through, quarterly, tuple(methods), weight, sd_a, sd_p, tested,
                   one_off, tuple(notes))


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
        history = complete_years(tussentijds.loc[tussentijds["voorziening"] == voorziening], year)
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
