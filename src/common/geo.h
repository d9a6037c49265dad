#pragma once
// Great-circle distance between WGS84 points.
//
// Computed from the chord between the points' unit vectors (from the Earth's centre), not by
// the haversine: a point's unit vector is computed once (a place's when it is indexed, a
// person's once per query), so the distance of a pair costs a subtraction, a square root and a
// short series instead of sin, sin and asin per pair. The candidate graph measures ~170 million
// pairs per national round; the haversine's three calls were a tenth of its time. The chord is
// as accurate here: the vectors' rounding errors (~1e-16) are ~1e-13 of a chord of a kilometre.

#include <cmath>

namespace overstap {

struct LatLon {
  double lat = 0;
  double lon = 0;
};

struct UnitVector {
  double x = 0, y = 0, z = 0;
};

UnitVector UnitOf(LatLon p);

inline constexpr double kEarthKm = 6371.0088;  // mean Earth radius

// The great-circle distance whose chord between unit vectors, squared, is `chord2`:
// 2 R asin(chord / 2). Below a half-chord of 0.01 (~127 km) asin is its Taylor series to the
// seventh power (the next term is below 3e-18 of the sum, under a double's rounding).
// Always inlined: the candidate graph calls it tens of millions of times, and GCC otherwise
// keeps it a call.
__attribute__((always_inline)) inline double KmOfChord2(double chord2) {
  const double h = std::sqrt(chord2) / 2;  // the sine of half the angle
  if (h < 0.01) {
    const double h2 = h * h;
    return 2 * kEarthKm * (h * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40 + h2 * (15.0 / 336)))));
  }
  return 2 * kEarthKm * std::asin(h < 1 ? h : 1.0);
}

// The chord between two unit vectors, squared.
inline double Chord2(const UnitVector& a, const UnitVector& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle distance in kilometres: KmOfChord2(Chord2(UnitOf(a), UnitOf(b))), the same
// arithmetic as the matching engine's hot path, which keeps the unit vectors.
double DistanceKm(LatLon a, LatLon b);

}  // namespace overstap
