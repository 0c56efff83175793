"""What changed in the expected year-end since the previous report, and why.

Per voorziening, with X the expected year-end, E the one-off bookings in it (counted once,
forecasting/monitor/yearend.py),
C the expected clients and K = (X - E) / C the expected cost per client, from the previous stand (0) to now (1):

    X1 - X0 = eenmalig + clienten + kosten_per_client (+ overig)
    eenmalig          = E1 - E0                                   (a one-off booking that came, or went)
    clienten          = L(R1, R0) * ln(C1 / C0)                   (more or fewer clients)
    kosten_per_client = L(R1, R0) * ln(K1 / K0)                   (a higher or lower cost per client)
    R = X - E, L(a, b) = (a - b) / (ln a - ln b) the logarithmic mean (LMDI-I, forecasting/model/lmdi.py)

Because R = C * K the two LMDI parts add up exactly to R1 - R0, so the parts add up to the change. Without
clients on either side (or with R <= 0) the regular change R1 - R0 is 'overig' (no split possible), and a
voorziening in one stand only counts from or to 0 as 'overig'. A domein's parts are the sums of its
voorzieningen' parts. The main cause is the part with the largest absolute amount, in words: more (fewer) clients,
a higher (lower) cost per client, a one-off booking (that fell away).

Expected clients of year Y (`expected_clients`): the realised clients of Y - 1 times the growth of the clients in
care over the in-year periods of Y against the same periods of Y - 1,

    C_Y = C_{Y-1} * mean(clients in Y's periods) / mean(clients in the same periods of Y - 1),

and the baseline's prognosis of clients when the in-year figures carry no clients for both years.
"""

from __future__ import annotations

import math

import pandas as pd

from forecasting.model.lmdi import log_mean
from scenarios.snapshots import Figure, Snapshot

PARTS = ("clienten", "kosten_per_client", "eenmalig", "overig")
CAUSE_WORDS = {  # (part, sign) -> words
    ("clienten", 1): "meer cliënten", ("clienten", -1): "minder cliënten",
    ("kosten_per_client", 1): "hogere kosten per cliënt", ("kosten_per_client", -1): "lagere kosten per cliënt",
    ("eenmalig", 1): "een eenmalige boeking", ("eenmalig", -1): "een eenmalige boeking die wegviel",
    ("overig", 1): "hogere kosten (aantal cliënten onbekend)", ("overig", -1): "lagere kosten (aantal cliënten "
                                                                               "onbekend)",
}


def _known(value) -> bool:
    return value is not None and math.isfinite(value) and value > 0


def change_parts(before: Figure | None, after: Figure | None) -> dict[str, float]:
    """The parts of X1 - X0 for one voorziening (module docstring); they add up to the change."""
    x0 = before.verwacht if before else 0.0
    x1 = after.verwacht if after else 0.0
    e0 = before.eenmalig if before else 0.0
    e1 = after.eenmalig if after else 0.0
    parts = dict.fromkeys(PARTS, 0.0)
    if before is None or after is None:
        parts["overig"] = x1 - x0
        return parts
    parts["eenmalig"] = e1 - e0
    r0, r1 = x0 - e0, x1 - e1
    if _known(before.clienten) and _known(after.clienten) and r0 > 0 and r1 > 0:
        weight = float(log_mean(r1, r0))
        parts["clienten"] = weight * math.log(after.clienten / before.clienten)
        parts["kosten_per_client"] = weight * math.log(after.kosten_per_client / before.kosten_per_client)
        parts["kosten_per_client"] += (r1 - r0) - parts["clienten"] - parts["kosten_per_client"]  # float residue
    else:
        parts["overig"] = r1 - r0
    return parts


def main_cause(parts: dict[str, float]) -> tuple[str, str]:
    """(part, words) of the part with the largest absolute amount; ('', '') when nothing changed."""
    part = max(PARTS, key=lambda p: (abs(parts.get(p, 0.0)), -PARTS.index(p)))
    value = parts.get(part, 0.0)
    if abs(value) < 0.5:
        return "", ""
    return part, CAUSE_WORDS[(part, 1 if value > 0 else -1)]


def change_between(previous: Snapshot, current: Snapshot) -> pd.DataFrame:
    """Per voorziening (in the current stand's order, then those only in the previous one): domein, voorziening,
    vorige, nu, verschil and the parts (PARTS), which add up to verschil, and the main cause (oorzaak)."""
    rows = []
    names = [f.voorziening for f in current.figures] + [f.voorziening for f in previous.figures
                                                         if current.figure(f.voorziening) is None]
    for name in names:
        before, after = previous.figure(name), current.figure(name)
        parts = change_parts(before, after)
        x0 = before.verwacht if before else 0.0
        x1 = after.verwacht if after else 0.0
        rows.append({"domein": (after or before).domein, "voorziening": name, "vorige": x0, "nu": x1,
                     "verschil": x1 - x0, **parts, "oorzaak": main_cause(parts)[1]})
    return pd.DataFrame(rows, columns=["domein", "voorziening", "vorige", "nu", "verschil", *PARTS, "oorzaak"])


def by_domain(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison summed per domein (in order of first appearance), with its main cause."""
    sums = table.groupby("domein", sort=False)[["vorige", "nu", "verschil", *PARTS]].sum().reset_index()
    sums["oorzaak"] = [main_cause(dict(zip(PARTS, row)))[1] for row in sums[list(PARTS)].to_numpy()]
    return sums


def expected_clients(tussentijds: pd.DataFrame, realisatie: pd.DataFrame, voorziening: str, year: int,
                     prognosis: float) -> float:
    """C_Y of the module docstring; `prognosis` (the baseline's clients for Y) when the figures do not tell."""
    if tussentijds is None or tussentijds.empty or "clienten" not in tussentijds.columns:
        return prognosis
    rows = tussentijds.loc[tussentijds["voorziening"] == voorziening, ["jaar", "periode", "clienten"]].dropna()
    rows = rows.assign(periode=rows["periode"].astype(str)).groupby(["jaar", "periode"], as_index=False)[
        "clienten"].sum()  # several gemeenten: their clients together
    now = rows.loc[rows["jaar"] == year].set_index("periode")["clienten"].astype(float)
    before = rows.loc[rows["jaar"] == year - 1].set_index("periode")["clienten"].astype(float)
    shared = sorted(set(now.index) & set(before.index))
    last = realisatie.loc[(realisatie["voorziening"] == voorziening) & (realisatie["jaar"] == year - 1), "clienten"]
    last_clients = float(last.astype(float).sum()) if last.notna().all() else math.nan
    if not shared or not _known(last_clients):
        return prognosis
    mean_now, mean_before = float(now[shared].mean()), float(before[shared].mean())
    if not (_known(mean_now) and _known(mean_before)):
        return prognosis
    return last_clients * mean_now / mean_before


__all__ = ["PARTS", "by_domain", "change_between", "change_parts", "expected_clients", "main_cause"]
