#pragma once
// ParallelRadixSort: a stable sort of a large array by an integer key, on several threads.
// Header-only.
//
//   ParallelRadixSort(&items, key, threads)   items: a HugeVector<T>; key(const T&) -> uint64_t
//
// A least-significant-digit radix sort over only the bits in which the keys differ (found by
// one pass first), in digits of at most 11 bits (2,048 buckets: the scatter's write streams
// stay within the cache and the TLB). Each pass counts the digits of each thread's part, then
// each thread scatters its part in order, so equal keys keep their order. For the million-item
// sorts of an allocation round (the people's order, the lottery) it takes a third of the time
// of ParallelSort's comparison sort and merge.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/huge_pages.h"
#include "common/parallel.h"

namespace overstap {

template <typename T, typename Key>
void ParallelRadixSort(HugeVector<T>* items, Key key, int threads) {
  const size_t n = items->size();
  if (n < 2) return;
  const size_t parts = static_cast<size_t>(Threads(threads, n / 65536 + 1));
  std::vector<size_t> bound(parts + 1);
  for (size_t t = 0; t <= parts; ++t) bound[t] = n * t / parts;
  // The bits in which some key differs from the first.
  const uint64_t first = key((*items)[0]);
  std::vector<uint64_t> differ(parts, 0);
  RunOnThreads(static_cast<int>(parts), [&](int t) {
    uint64_t d = 0;
    for (size_t i = bound[t]; i < bound[t + 1]; ++i) d |= key((*items)[i]) ^ first;
    differ[t] = d;
  });
  uint64_t diff = 0;
  for (uint64_t d : differ) diff |= d;
  if (diff == 0) return;  // all keys equal: already in (stable) order
  const int lo = __builtin_ctzll(diff);
  const int bits = 64 - __builtin_clzll(diff) - lo;
  constexpr int kMaxDigit = 11;
  const int passes = (bits + kMaxDigit - 1) / kMaxDigit;
  const int digit = (bits + passes - 1) / passes;
  const size_t buckets = size_t{1} << digit;
  const uint64_t mask = buckets - 1;
  HugeVector<T> room(n);  // every element written by the first pass
  T* from = items->data();
  T* to = room.data();
  std::vector<std::vector<size_t>> at(parts, std::vector<size_t>(buckets));
  for (int p = 0; p < passes; ++p) {
    const int shift = lo + p * digit;
    if (((diff >> shift) & mask) == 0) continue;  // every key has the same digit here
    RunOnThreads(static_cast<int>(parts), [&](int t) {
      std::vector<size_t>& count = at[t];
      std::fill(count.begin(), count.end(), 0);
      for (size_t i = bound[t]; i < bound[t + 1]; ++i) ++count[key(from[i]) >> shift & mask];
    });
    // Where each part's items of each digit go: after every smaller digit, then after the
    // earlier parts' items of the same digit.
    size_t next = 0;
    for (size_t d = 0; d < buckets; ++d) {
      for (size_t t = 0; t < parts; ++t) {
        const size_t c = at[t][d];
        at[t][d] = next;
        next += c;
      }
    }
    RunOnThreads(static_cast<int>(parts), [&](int t) {
      size_t* place = at[t].data();
      for (size_t i = bound[t]; i < bound[t + 1]; ++i)
        to[place[key(from[i]) >> shift & mask]++] = from[i];
    });
    std::swap(from, to);
  }
  if (from != items->data()) items->swap(room);
}

}  // namespace overstap
