"""A comparison as lines on a terminal, as a CSV file, and as the report's table; one row per
agreement in every form: matched, only ours, only theirs."""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path

from keywords import load_vocabulary
from safecity.comparing import Comparison, Entry
from safecity.exports.cells import inert

COLUMNS = ("result", "vendor", "country", "city", "year", "ours", "theirs", "their_city",
           "their_year", "how")  # fmt: skip
RESULTS = {
    "matched": "matched",
    "only ours": "only ours (new since the reference)",
    "only theirs": "only theirs (not found again)",
}


def rows(comparison: Comparison) -> list[dict[str, str]]:
    def row(result: str, ours: Entry | None, theirs: Entry | None, how: str) -> dict[str, str]:
        main = ours or theirs
        assert main is not None
        return {
            "result": result, "vendor": main.vendor, "country": main.country,
            "city": main.city or "", "year": str(main.year or ""),
            "ours": ours.ref if ours else "", "theirs": theirs.ref if theirs else "",
            "their_city": (theirs.city or "") if theirs and ours else "",
            "their_year": str(theirs.year or "") if theirs and ours else "", "how": how,
        }  # fmt: skip

    return [
        *(row("matched", m.ours, m.theirs, m.how) for m in comparison.matched),
        *(row("only ours", e, None, "") for e in comparison.only_ours),
        *(row("only theirs", None, e, "") for e in comparison.only_theirs),
    ]


def summary(comparison: Comparison, ours: int) -> str:
    theirs = len(comparison.matched) + len(comparison.only_theirs)
    bad = len({p.row for p in comparison.problems})
    skipped = (
        f"; {bad} row{'s' if bad > 1 else ''} of the reference could not be read" if bad else ""
    )
    return (
        f"{ours} records compared with {theirs} entries of {comparison.reference}: "
        f"{len(comparison.matched)} matched, {len(comparison.only_ours)} only ours, "
        f"{len(comparison.only_theirs)} only theirs{skipped}"
    )


def as_text(comparison: Comparison) -> list[str]:
    lines: list[str] = []
    found = rows(comparison)
    for result, heading in RESULTS.items():
        chosen = [r for r in found if r["result"] == result]
        lines.append(f"{heading}: {len(chosen)}")
        for r in chosen:
            place = " ".join(x for x in (r["vendor"], r["country"], r["city"], r["year"]) if x)
            refs = " = ".join(x for x in (r["ours"], r["theirs"]) if x)
            lines.append(f"  {place}  {refs}" + (f"  ({r['how']})" if r["how"] else ""))
    return lines


def write_csv(comparison: Comparison, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in rows(comparison):
            writer.writerow(inert(r[c]) for c in COLUMNS)


def as_html(comparison: Comparison, ours: int) -> str:
    countries = {c.code: c.name for c in load_vocabulary().countries}
    body = "".join(
        f"<tr class='{escape(r['result'].replace(' ', '-'))}'><td>{escape(r['result'])}</td>"
        f"<td>{escape(countries.get(r['country'], r['country']))}</td><td>{escape(r['city'])}</td>"
        f"<td>{escape(r['year'])}</td><td>{escape(r['ours'])}</td><td>{escape(r['theirs'])}</td>"
        f"<td>{escape(r['how'])}</td></tr>"
        for r in rows(comparison)
    )
    problems = "".join(f"<li>{escape(str(p))}</li>" for p in comparison.problems)
    return (
        f"<p id=comparison-summary>{escape(summary(comparison, ours))}.</p>"
        "<div class=wide><table class=comparison><tr><th>result</th><th>country</th>"
        "<th>city</th><th>year</th><th>ours</th><th>theirs</th><th>how they match</th></tr>"
        f"{body}</table></div>"
        + (f"<p class=note>Rows left out:</p><ul class=note>{problems}</ul>" if problems else "")
    )
