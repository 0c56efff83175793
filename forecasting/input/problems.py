"""Problems found in input data, collected rather than raised, with Dutch messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "fout"
WARNING = "waarschuwing"
MAX_PER_SOURCE = 50  # problems listed per file or sheet; the rest are counted ("en nog N meldingen")


@dataclass(frozen=True)
class Problem:
    ernst: str  # ERROR or WARNING
    bestand: str
    rij: int | None  # row as a spreadsheet shows it (header is row 1)
    kolom: str | None
    waarde: str | None
    melding: str

    def describe(self) -> str:
        where = [self.bestand]
        if self.rij is not None:
            where.append(f"rij {self.rij}")
        if self.kolom:
            where.append(f"kolom '{self.kolom}'")
        value = f" (waarde '{self.waarde}')" if self.waarde is not None else ""
        label = "FOUT" if self.ernst == ERROR else "WAARSCHUWING"
        return f"{label}: {', '.join(where)}{value}: {self.melding}"


class Problems:
    """An ordered collection of problems; errors make the data unusable, warnings do not."""

    def __init__(self, limit: int = MAX_PER_SOURCE) -> None:
        self.items: list[Problem] = []
        self.limit = limit
        self._listed: dict[str, int] = {}
        self.suppressed: dict[str, dict[str, int]] = {}  # source -> {ERROR: n, WARNING: n} not listed

    def add(self, ernst, bestand, rij, kolom, waarde, melding) -> None:
        """Record a problem; past `limit` problems for one file or sheet they are only counted."""
        bestand = str(bestand)
        if self._listed.get(bestand, 0) >= self.limit:
            counts = self.suppressed.setdefault(bestand, {ERROR: 0, WARNING: 0})
            counts[ernst] += 1
            return
        self._listed[bestand] = self._listed.get(bestand, 0) + 1
        if isinstance(waarde, float) and waarde.is_integer() and abs(waarde) < 1e15:
            waarde = int(waarde)  # a whole amount read as a number is shown as the user wrote it: 846191, not 846191.0
        shown = None if waarde is None else str(waarde)
        if shown is not None and len(shown) > 200:  # a 10,000-character cell is named, not repeated
            shown = shown[:200] + f"... ({len(shown)} tekens)"
        self.items.append(Problem(ernst, bestand, rij, kolom, shown, melding))

    def error(self, bestand, rij, kolom, waarde, melding) -> None:
        self.add(ERROR, bestand, rij, kolom, waarde, melding)

    def warning(self, bestand, rij, kolom, waarde, melding) -> None:
        self.add(WARNING, bestand, rij, kolom, waarde, melding)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.ernst == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.ernst == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(c[ERROR] for c in self.suppressed.values())

    def extend(self, other: Problems) -> None:
        for p in other.items:
            self.add(p.ernst, p.bestand, p.rij, p.kolom, p.waarde, p.melding)
        for source, counts in other.suppressed.items():
            mine = self.suppressed.setdefault(source, {ERROR: 0, WARNING: 0})
            for ernst, count in counts.items():
                mine[ernst] += count

    def _suppressed_lines(self) -> list[tuple[str, str, str]]:
        """(ernst, source, melding) per source whose problems were cut off at the limit."""
        lines = []
        for source, counts in self.suppressed.items():
            total = counts[ERROR] + counts[WARNING]
            if total:
                parts = [f"{counts[ERROR]} fout(en)" if counts[ERROR] else "",
                         f"{counts[WARNING]} waarschuwing(en)" if counts[WARNING] else ""]
                lines.append((ERROR if counts[ERROR] else WARNING, source,
                              f"en nog {total} meldingen ({', '.join(p for p in parts if p)}) die niet "
                              f"apart worden getoond. Herstel eerst de getoonde meldingen en controleer opnieuw."))
        return lines

    def report(self) -> str:
        """A Dutch plain-text report, errors first; at most `limit` problems per file or sheet."""
        if not self.items and not self.suppressed:
            return "De gegevens zijn in orde: geen fouten of waarschuwingen."
        lines = [p.describe() for p in self.errors + self.warnings]
        lines += [f"{'FOUT' if ernst == ERROR else 'WAARSCHUWING'}: {source}: {text}"
                  for ernst, source, text in self._suppressed_lines()]
        errors = len(self.errors) + sum(c[ERROR] for c in self.suppressed.values())
        warnings = len(self.warnings) + sum(c[WARNING] for c in self.suppressed.values())
        summary = f"{errors} fout(en), {warnings} waarschuwing(en)."
        verdict = (
            "De gegevens zijn bruikbaar."
            if self.ok
            else "De gegevens zijn niet bruikbaar: herstel de fouten en lees ze opnieuw in."
        )
        return "\n".join(lines + ["", summary + " " + verdict])

    def to_frame(self) -> pd.DataFrame:
        columns = ["ernst", "bestand", "rij", "kolom", "waarde", "melding"]
        records = [asdict(p) for p in self.errors + self.warnings]
        records += [{"ernst": ernst, "bestand": source, "rij": None, "kolom": None, "waarde": None, "melding": text}
                    for ernst, source, text in self._suppressed_lines()]
        frame = pd.DataFrame(records, columns=columns)
        frame["rij"] = frame["rij"].map(lambda r: "" if r is None or pd.isna(r) else str(int(r)))
        return frame.fillna("")


class DataError(Exception):
    """Raised when data is unusable; carries the collected problems."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
