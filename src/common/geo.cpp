#include "common/geo.h"

namespace overstap {

UnitVector UnitOf(LatLon p) {
  constexpr double kRad = M_PI / 180.0;
  const double lat = p.lat * kRad, lon = p.lon * kRad;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double DistanceKm(LatLon a, LatLon b) { return KmOfChord2(Chord2(UnitOf(a), UnitOf(b))); }

}  // namespace overstap
