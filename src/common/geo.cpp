#include "common/geo.h"

#include <cmath>

namespace overstap {

double DistanceKm(LatLon a, LatLon b) {
  constexpr double kRad = M_PI / 180.0;
  constexpr double kEarthKm = 6371.0088;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace overstap
