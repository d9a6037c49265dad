#pragma once
// Small fork-join helpers for the CPU-bound batch work (allocation rounds). Header-only.
//   Threads(requested, work)       how many threads to use: requested (<= 0: one per core),
//                                  never more than there are work items, at least one
//   RunOnThreads(threads, fn)      runs fn(thread_index) on `threads` threads (the caller is
//                                  thread 0) and waits for all
//   ParallelChunks(n, chunk, t, f) f(begin, end) over [0, n) in chunks handed out dynamically
//   ParallelLanes(n, chunk, t, f)  the same, but each thread works through a lane of its own
//                                  (the t-th part of [0, n), in order) before helping the others
//   ParallelSort(first, last, t, less) std::sort of t parts on t threads, then merged in place
// Exceptions must not escape fn.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace overstap {

inline int Threads(int requested, size_t work) {
  const int t = requested > 0 ? requested
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return static_cast<int>(std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(t), work)));
}

template <typename Fn>
void RunOnThreads(int threads, Fn&& fn) {
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back([&fn, t] { fn(t); });
  fn(0);
  for (auto& t : pool) t.join();
}

template <typename Fn>
void ParallelChunks(size_t n, size_t chunk, int threads, Fn&& fn) {
  std::atomic<size_t> next{0};
  RunOnThreads(threads, [&](int) {
    for (size_t b; (b = next.fetch_add(chunk)) < n;) fn(b, std::min(n, b + chunk));
  });
}

// Where neighbouring items share data (the people of one area propose to the same places),
// threads in lanes far apart touch different data, so fewer cache lines go from core to core.
// A thread whose lane is done takes the remaining chunks of the next lanes, so an uneven lane
// does not keep the others waiting.
template <typename Fn>
void ParallelLanes(size_t n, size_t chunk, int threads, Fn&& fn) {
  const size_t lanes = static_cast<size_t>(std::max(1, threads));
  struct alignas(64) Lane {
    std::atomic<size_t> next;
    size_t end;
  };
  std::vector<Lane> lane(lanes);
  for (size_t k = 0; k < lanes; ++k) {
    lane[k].next.store(n * k / lanes);
    lane[k].end = n * (k + 1) / lanes;
  }
  RunOnThreads(static_cast<int>(lanes), [&](int t) {
    for (size_t i = 0; i < lanes; ++i) {
      Lane& l = lane[(static_cast<size_t>(t) + i) % lanes];
      for (size_t b; (b = l.next.fetch_add(chunk)) < l.end;) fn(b, std::min(l.end, b + chunk));
    }
  });
}

template <typename It, typename Less = std::less<>>
void ParallelSort(It first, It last, int threads, Less less = {}) {
  const size_t n = static_cast<size_t>(last - first);
  const size_t parts = static_cast<size_t>(Threads(threads, n / 65536));  // small: one thread
  std::vector<It> bound(parts + 1);
  for (size_t k = 0; k <= parts; ++k) bound[k] = first + static_cast<std::ptrdiff_t>(n * k / parts);
  RunOnThreads(static_cast<int>(parts), [&](int t) { std::sort(bound[t], bound[t + 1], less); });
  for (size_t width = 1; width < parts; width *= 2) {
    for (size_t k = 0; k + width < parts; k += 2 * width) {
      std::inplace_merge(bound[k], bound[k + width], bound[std::min(parts, k + 2 * width)], less);
    }
  }
}

}  // namespace overstap
