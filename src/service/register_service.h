#pragma once
// RegisterService: the use cases of the register (organisations, people, places) on top of
// domain validation, the store and the audit trail. Every call takes the RequestContext of the
// actor; every read or write of a person is recorded in the audit trail (a write's record in
// the write's own transaction, so an acknowledged write always has it; a read's batched).
//
// Returns the store's codes (see store/store.h) plus kInvalidArgument/kUnprocessable from
// validation. Thread-safe: holds no mutable state besides what its collaborators guard.

#include <memory>
#include <string>

#include "access/actor.h"
#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "domain/follow.h"
#include "domain/names.h"
#include "domain/reference.h"
#include "domain/types.h"
#include "store/store.h"

namespace overstap::service {

using access::RequestContext;
class RegisterListener;

class RegisterService {
 public:
  RegisterService(store::Store* store, std::shared_ptr<const domain::Catalog> catalog,
                  const Clock* clock, IdGenerator* ids, access::AuditLog* audit);

  const domain::Catalog& catalog() const { return *catalog_; }
  // Told about every successful write of a person or place; may be null. Not owned.
  void set_listener(RegisterListener* listener) { listener_ = listener; }
  const Clock& clock() const { return *clock_; }

  Result<domain::Organisation> CreateOrganisation(const RequestContext& ctx,
                                                  domain::Organisation org);
  Result<domain::Organisation> GetOrganisation(const RequestContext& ctx, const std::string& id);
  // Replaces the organisation `org.id` if its stored version is `org.version`.
  Result<domain::Organisation> ReplaceOrganisation(const RequestContext& ctx,
                                                   domain::Organisation org);
  Status DeleteOrganisation(const RequestContext& ctx, const std::string& id, int64_t version);
  Result<store::Page<domain::Organisation>> ListOrganisations(
      const RequestContext& ctx, const store::OrganisationFilter& filter,
      const store::PageRequest& page);

  Result<domain::Person> CreatePerson(const RequestContext& ctx, domain::Person person);
  Result<domain::Person> GetPerson(const RequestContext& ctx, const std::string& id);
  Result<domain::Person> ReplacePerson(const RequestContext& ctx, domain::Person person);
  Status DeletePerson(const RequestContext& ctx, const std::string& id, int64_t version);
  Result<store::Page<domain::Person>> ListPeople(const RequestContext& ctx,
                                                 const store::PersonFilter& filter,
                                                 const store::PageRequest& page);

  Result<domain::Place> CreatePlace(const RequestContext& ctx, domain::Place place);
  Result<domain::Place> GetPlace(const RequestContext& ctx, const std::string& id);
  Result<domain::Place> ReplacePlace(const RequestContext& ctx, domain::Place place);
  Status DeletePlace(const RequestContext& ctx, const std::string& id, int64_t version);
  Result<store::Page<domain::Place>> ListPlaces(const RequestContext& ctx,
                                                const store::PlaceFilter& filter,
                                                const store::PageRequest& page);

  // The display fields (weergave) of a page of list items, one per ref, in order: the names of
  // the people, organisations and places they name, read in one batch per page. The one place
  // that builds them: an access rule that must hide names from an actor masks them here.
  Result<std::vector<domain::DisplayNames>> Display(const RequestContext& ctx,
                                                    const std::vector<domain::DisplayRefs>& refs);
  // Display for the items of a list (domain::RefsOf names what each item shows).
  template <typename T>
  Result<std::vector<domain::DisplayNames>> Display(const RequestContext& ctx,
                                                    const std::vector<T>& items) {
    std::vector<domain::DisplayRefs> refs;
    refs.reserve(items.size());
    for (const auto& item : items) refs.push_back(domain::RefsOf(item));
    return Display(ctx, refs);
  }

 private:
  store::Store* store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  const Clock* clock_;
  IdGenerator* ids_;
  access::AuditLog* audit_;
  RegisterListener* listener_ = nullptr;
};

// Applies pending migrations and (re)loads the reference data from `reference_dir` when its
// content version differs from the loaded one. Returns a one-line summary for the CLI.
Result<std::string> MigrateAndLoadReference(store::Store* store, const std::string& reference_dir);

// Loads the catalog from the store; kFailedPrecondition when no reference data is loaded.
Result<std::shared_ptr<const domain::Catalog>> LoadCatalog(store::Store* store);

}  // namespace overstap::service
