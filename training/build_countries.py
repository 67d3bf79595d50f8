"""Write stance/data/countries.csv, the country rows of the actor table, from the countryinfo package.

Run ``python -m training.build_countries`` after upgrading countryinfo; the output is committed so
the library needs no countryinfo at run time. Hand-made rows (seats of government, organisations,
officials) live in stance/data/actors.csv.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from stance.actors import ACTOR_COLUMNS

OUTPUT = Path(__file__).resolve().parent.parent / "stance" / "data" / "countries.csv"

# The short English names the project uses where countryinfo's differ (also the corpus's names).
RENAMED = {
    "Turkey": "Türkiye",
    "Czech Republic": "Czechia",
    "Ivory Coast": "Côte d'Ivoire",
    "Republic of Macedonia": "North Macedonia",
    "Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "Cape Verde": "Cabo Verde",
    "East Timor": "Timor-Leste",
    "Burma": "Myanmar",
    "Vatican City": "Holy See",
    "Vatican City State": "Holy See",
    "Holy See (Vatican City State)": "Holy See",
    "Palestine, State of": "Palestine",
}
EXTRA_ALIASES = {
    "United States": ["Washington", "America", "U.S.", "U.S.A.", "United States of America"],
    "United Kingdom": ["Britain", "U.K.", "Briton"],
    "Türkiye": ["Turkey", "Turkish"],
    "Czechia": ["Czech Republic"],
    "Netherlands": ["Dutch", "The Hague", "Holland"],
    "Philippines": ["Filipino"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC", "Congo-Kinshasa", "Congo"],
    "Republic of the Congo": ["Congo-Brazzaville", "Congo Republic"],
    "Palestine": ["State of Palestine"],
    "Switzerland": ["Swiss", "Bern"],
    "Saudi Arabia": ["Saudi"],
    "South Africa": ["Pretoria"],
    "Côte d'Ivoire": ["Ivory Coast", "Ivorian", "Abidjan"],
}
# Codes that are ordinary English words in capitals, never matched as aliases.
WORD_CODES = {
    "AD", "AM", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "HI", "ID", "IN", "IS", "IT", "ME", "MY", "NO",
    "OR", "SO", "TO", "WE", "OK", "PA", "PE", "PM", "TV", "AI", "AN", "ON", "OF", "UP", "LA", "MA", "MO",
    "NA", "NE", "RE", "SE", "TD", "GA", "AL", "AR", "CA", "CO", "DE", "IL", "MD", "MN", "MS", "MT", "NY",
    "SC", "SD", "TN", "VA", "WA",
}  # fmt: skip
EXTRA_COUNTRIES = [("Kosovo", ["Republic of Kosovo", "XK", "XKX", "Kosovar", "Pristina"])]
SKIPPED = {"Antarctica"}


def country_rows() -> list[dict[str, str]]:
    """One actor row per country: short name, official name, other spellings, ISO codes, demonym, capital.

    An alias several countries share (the demonym "French" of France and of its overseas territories)
    stays with the most populous of them.
    """
    from countryinfo import all_countries

    entries = []
    for info in all_countries():
        data = info.info()
        source_name = data.get("name") or ""
        if not source_name or source_name in SKIPPED:
            continue
        name = RENAMED.get(source_name, source_name)
        iso = data.get("ISO") or {}
        aliases = [source_name, *(data.get("altSpellings") or []), iso.get("alpha2", ""), iso.get("alpha3", "")]
        aliases += [data.get("demonym") or "", data.get("capital") or "", *EXTRA_ALIASES.get(name, [])]
        known = next((i for i, entry in enumerate(entries) if entry[0] == name), None)
        if known is None:
            entries.append((name, _aliases(name, aliases), int(data.get("population") or 0)))
        else:
            _, before, population = entries[known]
            entries[known] = (name, _aliases(name, before + aliases), max(population, int(data.get("population") or 0)))
    for name, aliases in EXTRA_COUNTRIES:
        if all(entry[0] != name for entry in entries):
            entries.append((name, _aliases(name, aliases), 0))
    owner: dict[str, tuple[int, str]] = {}
    for name, aliases, population in entries:
        for alias in [name, *aliases]:
            if alias not in owner or population > owner[alias][0] or alias == name:
                owner[alias] = (10**12 if alias == name else population, name)
    rows = []
    for name, aliases, _ in sorted(entries):
        kept = [a for a in aliases if owner[a][1] == name]
        rows.append({"kind": "country", "name": name, "country": name, "aliases": "|".join(kept)})
    return rows


def _aliases(name: str, aliases: list) -> list[str]:
    kept: list[str] = []
    flat = [a for item in aliases for a in (item if isinstance(item, list) else [item]) if isinstance(a, str)]
    for alias in flat:
        alias = alias.strip()
        if not alias or alias == name or alias in kept or alias in WORD_CODES:
            continue
        if not alias.isascii() and not any(c.isalpha() and c.isascii() for c in alias):
            continue
        kept.append(alias.replace("|", "/"))
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.build_countries", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        rows = country_rows()
    except ImportError:
        print("error: countryinfo is not installed (pip install -e '.[dev]')", file=sys.stderr)
        return 1
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ACTOR_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
