#pragma once
// The timeline engine: how a person's append-only events fold into their current state.
//
// Pure functions over values; thread-safe. Order: events apply by the time of the fact, and by
// their position in the log (seq) for equal times, so a fact recorded late lands where it
// happened. An event that corrects another replaces it; a `voided` event removes it (and is
// not applied itself). A correction of a correction replaces the whole chain.

#include <vector>

#include "domain/follow.h"

namespace overstap::follow {

// Applies one event to `state`, assuming it comes after every event already folded (by fact
// time, then seq) and corrects nothing. Events of kinds that do not change the state (signals,
// tasks, offered or declined handovers) only count.
void Apply(domain::FollowState* state, const domain::Event& event);

// True when `event` cannot simply be applied on top of `state`: it corrects another event, or
// its fact lies before the latest fact already folded. The caller then folds the whole
// timeline again.
bool NeedsReplay(const domain::FollowState& state, const domain::Event& event);

// The state of a person with exactly these events (in any order).
domain::FollowState Fold(std::vector<domain::Event> events);

// The events that count after corrections, in fold order.
std::vector<domain::Event> Effective(std::vector<domain::Event> events);

}  // namespace overstap::follow
