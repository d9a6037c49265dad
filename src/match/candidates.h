#pragma once
// The candidate graph of an allocation round: every feasible (person, place) pair in scope,
// scored, as an Instance (allocation.h) ready for the solvers.
//
//   - A person's list holds their feasible places best score first (ties: place id).
//   - A place ranks the people who fit it by score; ties are broken by a seeded lottery
//     (Lottery below), so the same seed gives the same round and the seed is recorded with it.
//     The lottery's order is Instance::person_tiebreak; ranking each place's people explicitly
//     (Instance::edge_rank) is optional.
//
// Built on `threads` threads over the place index (no scan of all places per person). The
// caller gives the people in scope and a per-entry filter for the places in scope.
//
// Also here: why a person who got no place did not get one (UnplacedReason), for the round's
// report: feasible places that all went to others, or what stands in the way within reach.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/explanation.h"
#include "match/allocation.h"
#include "match/index.h"
#include "match/profile.h"

namespace overstap::match {

struct GraphOptions {
  uint32_t kind_mask = 0;                                // bit per PlaceKind; 0 = every kind
  const std::vector<uint8_t>* place_in_scope = nullptr;  // per PlaceIndex entry; null = all
  // Seats of each place already held (active placements), per PlaceIndex entry; null: none.
  // A place offers its capacity less these.
  const std::vector<int32_t>* seats_held = nullptr;
  uint64_t seed = 1;        // the lottery's seed
  int32_t today = kNoDate;  // the day the rules are applied on (rules.h)
  // Also rank each place's people explicitly (Instance::edge_rank). No solver needs it: the
  // score and person_tiebreak give the same order, and a national graph saves 8 s and 1.6 GB
  // without. For tests and the graph digest.
  bool place_ranks = false;
  int threads = 0;  // <= 0: one per hardware thread
  // Pairs to make room for at first; 0: projected from a pilot of the people. The arrays grow
  // when it is too few (tests set it small to see them grow).
  size_t room = 0;
  std::function<void(double)> progress;  // fraction done, called from one thread
  // The people come in GraphOrder's order already (a round puts them so): visit them as given
  // instead of working the order out again. Any order gives the same graph; this one is fast.
  bool in_graph_order = false;
};

struct CandidateGraph {
  Instance instance;
  std::vector<uint32_t> place_entry;  // instance place -> PlaceIndex entry
  uint64_t pairs_scored = 0;          // feasible pairs scored
  uint64_t pairs_examined = 0;        // pairs looked at through the index
  // Wall seconds of the phases: finding and scoring the pairs (each list sorted), laying them
  // out in person order, the places' order (the lottery; the explicit ranks when asked).
  double pairs_seconds = 0, layout_seconds = 0, order_seconds = 0;
};

// `*people[i]` becomes instance person i; the profiles are only read, during the call (a round
// passes the index's own, under its read lock, instead of copies). Fastest with the people in
// the graph's order (GraphOrder; otherwise the lists are laid out again in person order at the
// end).
CandidateGraph BuildCandidateGraph(const PlaceIndex& places,
                                   const std::vector<const PersonProfile*>& people,
                                   const GraphOptions& options);
// The same for `people[i]`.
CandidateGraph BuildCandidateGraph(const PlaceIndex& places,
                                   const std::vector<PersonProfile>& people,
                                   const GraphOptions& options);

// The order the graph is built in (neighbours together: the Z-order of their grid cells, and in
// a cell by reach): position k holds person result[k]. With the people in this order,
// BuildCandidateGraph writes each list once, where it stays.
std::vector<uint32_t> GraphOrder(const std::vector<const PersonProfile*>& people);
// Puts people in that order. Returns where each came from: the person now at k was at result[k].
std::vector<uint32_t> SortForGraph(std::vector<PersonProfile>* people);

// The lottery number of a person in a round with this seed (lower wins a tie).
uint64_t Lottery(uint64_t seed, const std::string& person_id);
// The same from the profile's id_hash when it is set.
uint64_t Lottery(uint64_t seed, const PersonProfile& person);

// Why a person is unplaced, as a reason code with a Dutch sentence.
struct UnplacedReason {
  std::string_view code;  // a name from domain::UnplacedCodeNames() (static storage)
  std::string text;       // Dutch
};

// The round a person was left out of: the places it could offer.
struct UnplacedScope {
  uint32_t kind_mask = 0;  // bit per PlaceKind; 0 = every kind
  // Per PlaceIndex entry, as GraphOptions::place_in_scope; entries beyond its end (places added
  // after the graph was built) are out of scope. Null: every place.
  const std::vector<uint8_t>* place_in_scope = nullptr;
  bool optimal = false;     // the round's mode, for the wording of anderenGingenVoor
  int32_t today = kNoDate;  // the round's day (rules.h)
};

// Why `person` got no place, given `feasible_places`, the number of places in scope that fit
// them (their list in the candidate graph). Only places in `scope` count, in this order:
//   - feasible places that all went to others: anderenGingenVoor;
//   - no place in scope within reach: teVer when one would fit within twice the reach, else
//     geenPlekBinnenBereik;
//   - a support need that no place in scope within reach offers: ondersteuningNietAangeboden,
//     naming the need (every place within reach is read to be sure of "none");
//   - else the most common obstacle among the places within reach (a sample of at most 400):
//     ontbrekendeVaardigheid naming the skill most often missing (a learnable skill the person
//     may learn, being interested in the sector, is not missing), niveauTeLaag,
//     ondersteuningNietAangeboden naming the need most often lacking, urenPassenNiet,
//     nietBeschikbaar, startTeLaat, teJong, teVeelUrenVoorLeeftijd.
UnplacedReason ExplainUnplaced(const PlaceIndex& places, const PersonProfile& person,
                               int64_t feasible_places, const UnplacedScope& scope,
                               const domain::Catalog& catalog);

}  // namespace overstap::match
