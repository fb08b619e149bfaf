"""Between the candidate forms and the store: what a form shows, and the changes it asks for.

Values are checked by the store (``store.decisions.validate``), which says what is wrong in words
an analyst can act on; here they are only read off the form.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from store.decisions import EDITABLE
from store.models import Candidate

Values = dict[str, Any]


def candidate_values(candidate: Candidate) -> Values:
    values: Values = {f: getattr(candidate, f) for f in EDITABLE}
    values = {k: ("" if v is None else v) for k, v in values.items()}
    values["products"] = list(candidate.products)
    values["year"] = str(candidate.year) if candidate.year is not None else ""
    return values


def submitted_values(form: MultiDict[str, str]) -> Values:
    """Everything the analyst typed in any of the page's forms, to show it again."""
    values: Values = {k: form.get(k, "") for k in form if k not in ("csrf_token", "products")}
    values["products"] = form.getlist("products")
    values["evidence"] = form.getlist("evidence")
    return values


def changes_from(form: MultiDict[str, str]) -> dict[str, Any]:
    """The editable fields the form carries (a form without fields changes none)."""
    if "vendor" not in form:
        return {}
    changes: dict[str, Any] = {f: form.get(f, "") for f in EDITABLE if f != "products"}
    changes["products"] = form.getlist("products")
    return changes


def differences(stored: Values, yours: Values) -> list[tuple[str, Any, Any]]:
    """Fields where the stored candidate and the analyst's input disagree."""
    out = []
    for field in EDITABLE:
        mine = yours.get(field, stored[field])
        theirs = stored[field]
        if field == "products":
            if sorted(mine or []) != sorted(theirs or []):
                out.append((field, theirs, mine))
        elif str(mine).strip() != str(theirs).strip():
            out.append((field, theirs, mine))
    return out


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
