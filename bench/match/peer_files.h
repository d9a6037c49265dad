#pragma once
// match_bench's files and its textbook peer: the instances the python peers solve
// (peer-N.json), the flat binary file of a candidate graph for --step=solve, and a plain
// deferred acceptance to compare the engine's with. A write or read that fails ends the
// process with a message (a benchmark has no one to hand an error to).

#include <cstdint>
#include <string>

#include "match/allocation.h"

namespace overstap::bench {

// A plain textbook deferred acceptance (people propose) on the engine's preference arrays.
match::Assignment TextbookDeferredAcceptance(const match::Instance& in);

// Writes `in` (only the places somebody can take, renumbered) with our time, objective and
// certificate as the JSON that bench/match/peers.py reads.
void WritePeerInstance(const match::Instance& in, const std::string& path, int64_t people,
                       double ours_s, int runs, int threads, const match::Objective& obj,
                       const std::string& certificate);

// The candidate graph's arrays in a flat binary file (this machine's byte order; a scratch file,
// not an exchange format). LoadInstance is false when `path` does not exist.
void SaveInstance(const match::Instance& in, const std::string& path);
bool LoadInstance(const std::string& path, match::Instance* in);

}  // namespace overstap::bench
