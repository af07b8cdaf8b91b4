"""Where GDELT's ActionGeo and PLOVER's event_loc put an event, by the basis of its place."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.export.formats import _action_geo, _event_loc


def row(basis: str, **fields: Any) -> dict[str, Any]:
    return {
        "location": "KABUL",
        "place_name": "Kabul",
        "place_geonames_id": 1138958,
        "place_feature": "city",
        "place_country": "AFG",
        "place_adm1": "13",
        "place_lat": 34.528,
        "place_lon": 69.172,
        "place_basis": basis,
        **fields,
    }


@pytest.mark.parametrize(
    "found",
    [row("gazetteer"), row("dateline"), row("actors", location=None, place_feature="country")],
)
def test_a_resolved_place_fills_gdelts_action_geo(found: dict[str, Any]) -> None:
    geo = _action_geo(found)
    assert (geo["ActionGeo_CountryCode"], geo["ActionGeo_FeatureID"]) == ("AF", 1138958)


def test_an_unresolved_place_gives_gdelt_its_words_only() -> None:
    assert _action_geo(row("unresolved")) == {"ActionGeo_FullName": "KABUL"}


@pytest.mark.parametrize("location", ["KABUL", None])
def test_plover_gives_a_dateline_city_with_its_basis(location: str | None) -> None:
    # None: a fused event, whose phrase is only what its clauses say
    loc = _event_loc(row("dateline", location=location))
    assert loc is not None
    assert (loc["name"], loc["text"], loc["basis"]) == ("Kabul", location, "dateline")
