#pragma once
// The allocation network solved by LEMON (the reference solvers). LEMON's CostScaling header uses
// std::allocator members that C++20 removed, so lemon_network.cpp is compiled as C++17 and this
// interface uses plain arrays only (no C++20 types cross it).

#include <cstdint>

namespace overstap::match {

enum class LemonAlgorithm { kNetworkSimplex, kCostScaling };

// Network: source -> person (1) -> place (1 per pair, cost[e]) -> sink (capacity[q]), plus a
// source -> sink bypass at cost 0; people units of supply. Sets used[e] = 1 on pairs with flow.
void LemonMinCostFlow(LemonAlgorithm algorithm, int32_t people, int32_t places,
                      const int32_t* capacity, const int64_t* person_begin,
                      const int32_t* edge_place, const int64_t* cost, uint8_t* used);

}  // namespace overstap::match
