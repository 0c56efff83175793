"""Small input datasets written as files, for tests. Each test changes one table of a valid base."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "voorbeeldgemeente"


def base_tables() -> dict[str, str]:
    """A tiny valid dataset (two voorzieningen, 2019-2024, population to 2029), `;` and decimal comma."""
    realisatie = ["jaar;voorziening;clienten;kosten"]
    for i, year in enumerate(range(2019, 2025)):
        realisatie.append(f"{year};Hulp bij het huishouden;{100 + 5 * i};{300000 + 20000 * i}")
        realisatie.append(f"{year};Jeugdhulp;{50 + i};{400000 + 10000 * i}")
    bevolking = ["jaar;leeftijd;aantal"]
    for year in range(2019, 2030):
        bevolking.append(f"{year};75+;{1000 + 30 * (year - 2019)}")
        bevolking.append(f"{year};0-17;{2000 - 10 * (year - 2019)}")
    indexatie = ["jaar;domein;percentage"] + [
        f"{year};{domein};{pct}" for domein in ("Wmo", "Jeugd")
        for year, pct in zip(range(2020, 2027), ["3,3", "2,2", "3,0", "6,4", "6,3", "5,0", "3,5"])
    ]
    begroting = ["jaar;domein;bedrag"] + [
        f"{year};{domein};{amount}"
        for year in range(2025, 2030)
        for domein, amount in (("Wmo", 420000), ("Jeugd", 470000))
    ]
    return {
        "voorzieningen": "voorziening;domein;doelgroep;taakveld\nHulp bij het huishouden;Wmo;75+;6.71\n"
        "Jeugdhulp;Jeugd;0-17;6.72\n",
        "realisatie": "\n".join(realisatie) + "\n",
        "bevolking": "\n".join(bevolking) + "\n",
        "indexatie": "\n".join(indexatie) + "\n",
        "begroting": "\n".join(begroting) + "\n",
    }


def write_tables(folder: Path, tables: dict[str, str | bytes], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in tables.items():
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (folder / f"{name}.csv").write_bytes(data)
    return folder


def dataset_with(folder: Path, **changes: str | bytes | None) -> Path:
    """Write the base dataset with some tables replaced (or removed when None)."""
    tables: dict[str, str | bytes] = dict(base_tables())
    for name, content in changes.items():
        if content is None:
            tables.pop(name)
        else:
            tables[name] = content
    return write_tables(folder, tables)
