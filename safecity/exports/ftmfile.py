"""FollowTheMoney entities, one JSON object a line (the form `ftm` and Aleph read): per record a
Contract (the agreement), a ContractAward to the vendor (a Company), the counterpart as its
authority (a PublicBody), and a Document with its Documentation for each source (title, site as
publisher, the site's kind as a keyword); the record's evidence quote is the Contract's
description."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

PREFIX = "safecity"


def _entity(schema: str, *key: Any) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.make_id(PREFIX, schema, *(str(k) for k in key))
    return entity


def _vendor(row: dict[str, Any]) -> EntityProxy:
    company = _entity("Company", row["vendor"])
    company.add("name", row["vendor_name"])
    return company


def _authority(row: dict[str, Any]) -> EntityProxy | None:
    if not row["counterpart"]:
        return None
    body = _entity("PublicBody", row["country_code"], row["counterpart"])
    body.add("name", row["counterpart"])
    body.add("country", row["country_code"].lower())
    return body


def _contract(row: dict[str, Any], authority: EntityProxy | None) -> EntityProxy:
    contract = _entity("Contract", row["vendor"], row["country_code"], row["city"] or "")
    place = f"{row['country_name']}" + (f", {row['city']}" if row["city"] else "")
    contract.add("title", f"{row['vendor_name']} Safe City agreement: {place}")
    contract.add("country", row["country_code"].lower())
    contract.add("type", row["agreement_type"])
    contract.add("contractDate", str(row["year"]) if row["year"] else None)
    contract.add("status", row["stage"])
    contract.add("keywords", row["products"])
    contract.add("summary", row["value"])
    contract.add("notes", row["notes"])
    contract.add("sourceUrl", row["source_urls"])
    contract.add("description", row["quote"])  # one evidence sentence, in its language
    contract.add("address", row["city"])
    if authority is not None:
        contract.add("authority", authority)
    return contract


def _award(row: dict[str, Any], contract: EntityProxy, vendor: EntityProxy) -> EntityProxy:
    award = _entity("ContractAward", contract.id, vendor.id)
    award.add("contract", contract)
    award.add("supplier", vendor)
    award.add("date", str(row["year"]) if row["year"] else None)
    award.add("status", row["status"])
    return award


def _documents(row: dict[str, Any], contract: EntityProxy) -> Iterator[EntityProxy]:
    cited = zip(
        row["source_urls"], row["source_dates"], row["source_titles"], row["source_sites"],
        row["source_kinds"], strict=True,
    )  # fmt: skip
    for url, day, title, site, kind in cited:
        document = _entity("Document", url)
        document.add("sourceUrl", url)
        document.add("title", title or url)
        document.add("publisher", site)
        document.add("keywords", kind)  # vendor, government, media, ngo or archive
        document.add("publishedAt", day or None)
        link = _entity("Documentation", document.id, contract.id)
        link.add("document", document)
        link.add("entity", contract)
        link.add("role", "evidence")
        yield document
        yield link


def entities(row: dict[str, Any]) -> Iterator[EntityProxy]:
    vendor = _vendor(row)
    authority = _authority(row)
    contract = _contract(row, authority)
    yield vendor
    if authority is not None:
        yield authority
    yield contract
    yield _award(row, contract, vendor)
    yield from _documents(row, contract)


def write_ftm(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            for entity in entities(row):
                if entity.id not in seen:  # a vendor or document shared by records, once
                    seen.add(entity.id or "")
                    handle.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")
