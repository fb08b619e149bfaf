"""GeoJSON: a FeatureCollection, each record a Point at its city, or without one at its country's
capital; a record with no known place has a null geometry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def feature(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    lat, lon = row["latitude"], row["longitude"]
    geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
    return {
        "type": "Feature",
        "id": row["record_id"],
        "geometry": geometry,
        "properties": {c: row[c] for c in columns},
    }


def write_geojson(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    collection = {"type": "FeatureCollection", "features": [feature(r, columns) for r in rows]}
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
