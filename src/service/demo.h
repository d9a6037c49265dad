#pragma once
// Deterministic demo data over the real reference data: organisations (schools, gemeenten,
// UWV, WSP, care providers, employers), people and places in all 35 regions or one.
// Same seed and reference date give the same data. People live where people live (uniform
// over PC4 areas, so gemeenten with more postcodes get more people); each region gets its own
// sector mix of places so some regions are short in some sectors.

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"
#include "domain/reference.h"
#include "store/store.h"

namespace overstap::service {

struct DemoOptions {
  int64_t people = 3000;
  int64_t places = 1200;
  uint64_t seed = 1;
  std::string region;          // empty: all regions
  int64_t now_micros = 0;      // reference "today" (birth dates, periods, timestamps)
  int64_t batch_size = 50000;  // rows per transaction
};

struct DemoSummary {
  int64_t organisations = 0, people = 0, places = 0;
};

// kInvalidArgument for an unknown region or negative counts; store errors otherwise.
Result<DemoSummary> GenerateDemo(store::Store* store, const domain::Catalog& catalog,
                                 const DemoOptions& options,
                                 const std::function<void(const std::string&)>& progress);

}  // namespace overstap::service
