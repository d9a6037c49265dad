#pragma once
// An allocator that asks the kernel for transparent huge pages (2 MiB) for large arrays, and
// HugeVector, a std::vector that uses it. Header-only.
//
// Why: the allocation rounds read arrays of hundreds of megabytes at random (a person's pairs,
// the people and places a search settles). With 4 KiB pages nearly every such read also misses
// the TLB and walks the page table; with 2 MiB pages the TLB covers gigabytes. Debian's default
// is THP "madvise": a range gets huge pages only when asked for with madvise(MADV_HUGEPAGE)
// before it is first touched, which is what this allocator does (the national round's solver
// is faster with huge pages; docs/matching.md has the figures).
//
// Arrays written once in order (a candidate graph's pairs) are here too, for their first
// touch: on a virtual machine, memory the process has not touched before is often memory the
// host took back, and what that first touch costs varies far more on 4 KiB pages than on huge
// pages; huge pages are the smaller risk (docs/matching.md).
//
// Blocks below 2 MiB come from operator new as usual (a per-person array of 4-byte items for a
// million people, 3.8 MiB, gets huge pages). Where THP is off ("never") the advice
// is ignored and nothing changes but the alignment.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace overstap {

template <typename T>
class HugePageAllocator {
 public:
  // The names the standard's allocator interface requires.
  // NOLINTBEGIN(readability-identifier-naming)
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = HugePageAllocator<U>;
  };
  // NOLINTEND(readability-identifier-naming)
  static constexpr size_t kHuge = size_t{2} << 20;       // one huge page
  static constexpr size_t kThreshold = size_t{2} << 20;  // smaller blocks: operator new

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold)
      return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: a refusal leaves 4 KiB pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kThreshold) {
      ::operator delete (p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }
  // Default-initialises where std::allocator value-initialises: resize() does not zero the
  // memory, so a large array is first touched where it is filled (on all threads, when the
  // filling is parallel) instead of by one thread's memset. Elements of a type without a
  // default constructor or member initialisers are indeterminate until written.
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace overstap
