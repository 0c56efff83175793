"""Problems found in input data, collected rather than raised, with Dutch messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "fout"
WARNING = "waarschuwing"


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

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, ernst, bestand, rij, kolom, waarde, melding) -> None:
        shown = None if waarde is None else str(waarde)
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
        return not self.errors

    def report(self) -> str:
        """A Dutch plain-text report, errors first."""
        if not self.items:
            return "De gegevens zijn in orde: geen fouten of waarschuwingen."
        lines = [p.describe() for p in self.errors + self.warnings]
        summary = f"{len(self.errors)} fout(en), {len(self.warnings)} waarschuwing(en)."
        verdict = (
            "De gegevens zijn bruikbaar."
            if self.ok
            else "De gegevens zijn niet bruikbaar: herstel de fouten en lees ze opnieuw in."
        )
        return "\n".join(lines + ["", summary + " " + verdict])

    def to_frame(self) -> pd.DataFrame:
        columns = ["ernst", "bestand", "rij", "kolom", "waarde", "melding"]
        frame = pd.DataFrame([asdict(p) for p in self.errors + self.warnings], columns=columns)
        frame["rij"] = frame["rij"].map(lambda r: "" if r is None or pd.isna(r) else str(int(r)))
        return frame.fillna("")


class DataError(Exception):
    """Raised when data is unusable; carries the collected problems."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
