#pragma once
// Great-circle distance between WGS84 points.

namespace overstap {

struct LatLon {
  double lat = 0;
  double lon = 0;
};

// Haversine distance in kilometres (mean Earth radius 6371.0088 km).
double DistanceKm(LatLon a, LatLon b);

}  // namespace overstap
