#include "service/register_service.h"

#include "domain/validate.h"
#include "io/reference_files.h"
#include "service/match_service.h"

namespace overstap::service {

using access::AuditLog;
using domain::Organisation;
using domain::Person;
using domain::Place;

RegisterService::RegisterService(store::Store* store,
                                 std::shared_ptr<const domain::Catalog> catalog, const Clock* clock,
                                 IdGenerator* ids, access::AuditLog* audit)
    : store_(store), catalog_(std::move(catalog)), clock_(clock), ids_(ids), audit_(audit) {}

// ---- organisations (no personal data: not audited) -----------------------------------------

Result<Organisation> RegisterService::CreateOrganisation(const RequestContext& ctx,
                                                         Organisation org) {
  RETURN_IF_ERROR(domain::ValidateOrganisation(&org, *catalog_));
  org.id = ids_->NewUuid();
  org.version = 1;
  org.created_micros = org.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(store_->InsertOrganisation(org));
  return org;
}

Result<Organisation> RegisterService::GetOrganisation(const RequestContext&,
                                                      const std::string& id) {
  return store_->GetOrganisation(id);
}

Result<Organisation> RegisterService::ReplaceOrganisation(const RequestContext& ctx,
                                                          Organisation org) {
  RETURN_IF_ERROR(domain::ValidateOrganisation(&org, *catalog_));
  org.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(store_->UpdateOrganisation(org));
  return store_->GetOrganisation(org.id);
}

Status RegisterService::DeleteOrganisation(const RequestContext&, const std::string& id,
                                           int64_t version) {
  return store_->DeleteOrganisation(id, version);
}

Result<store::Page<Organisation>> RegisterService::ListOrganisations(
    const RequestContext&, const store::OrganisationFilter& filter,
    const store::PageRequest& page) {
  return store_->ListOrganisations(filter, page);
}

// ---- people (personal data: every access audited) ------------------------------------------
// A write's audit record goes into the write's own transaction; a read's is queued.

Result<Person> RegisterService::CreatePerson(const RequestContext& ctx, Person person) {
  RETURN_IF_ERROR(domain::ValidatePerson(&person, *catalog_, DateFromMicros(ctx.now_micros)));
  person.id = ids_->NewUuid();
  person.version = 1;
  person.created_micros = person.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(
      store_->InsertPerson(person, {AuditLog::Entry(ctx, "aanmaken", "deelnemer", person.id)}));
  if (listener_) listener_->PersonChanged(person);
  return person;
}

Result<Person> RegisterService::GetPerson(const RequestContext& ctx, const std::string& id) {
  auto person = store_->GetPerson(id);
  if (person.ok()) audit_->Record(ctx, "lezen", "deelnemer", id);
  return person;
}

Result<Person> RegisterService::ReplacePerson(const RequestContext& ctx, Person person) {
  RETURN_IF_ERROR(domain::ValidatePerson(&person, *catalog_, DateFromMicros(ctx.now_micros)));
  person.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(
      store_->UpdatePerson(person, {AuditLog::Entry(ctx, "wijzigen", "deelnemer", person.id)}));
  auto stored = store_->GetPerson(person.id);
  if (stored.ok() && listener_) listener_->PersonChanged(*stored);
  return stored;
}

Status RegisterService::DeletePerson(const RequestContext& ctx, const std::string& id,
                                     int64_t version) {
  RETURN_IF_ERROR(
      store_->DeletePerson(id, version, {AuditLog::Entry(ctx, "verwijderen", "deelnemer", id)}));
  if (listener_) listener_->PersonDeleted(id);
  return Status::Ok();
}

Result<store::Page<Person>> RegisterService::ListPeople(const RequestContext& ctx,
                                                        const store::PersonFilter& filter,
                                                        const store::PageRequest& page) {
  auto result = store_->ListPeople(filter, page);
  if (result.ok()) {
    for (const auto& p : result->items) audit_->Record(ctx, "lijst", "deelnemer", p.id);
  }
  return result;
}

// ---- places (no personal data) --------------------------------------------------------------

Result<Place> RegisterService::CreatePlace(const RequestContext& ctx, Place place) {
  RETURN_IF_ERROR(domain::ValidatePlace(&place, *catalog_));
  place.id = ids_->NewUuid();
  place.version = 1;
  place.created_micros = place.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(store_->InsertPlace(place));
  if (listener_) listener_->PlaceChanged(place);
  return place;
}

Result<Place> RegisterService::GetPlace(const RequestContext&, const std::string& id) {
  return store_->GetPlace(id);
}

Result<Place> RegisterService::ReplacePlace(const RequestContext& ctx, Place place) {
  RETURN_IF_ERROR(domain::ValidatePlace(&place, *catalog_));
  place.updated_micros = ctx.now_micros;
  RETURN_IF_ERROR(store_->UpdatePlace(place));
  auto stored = store_->GetPlace(place.id);
  if (stored.ok() && listener_) listener_->PlaceChanged(*stored);
  return stored;
}

Status RegisterService::DeletePlace(const RequestContext&, const std::string& id, int64_t version) {
  RETURN_IF_ERROR(store_->DeletePlace(id, version));
  if (listener_) listener_->PlaceDeleted(id);
  return Status::Ok();
}

Result<store::Page<Place>> RegisterService::ListPlaces(const RequestContext&,
                                                       const store::PlaceFilter& filter,
                                                       const store::PageRequest& page) {
  return store_->ListPlaces(filter, page);
}

// ---- setup -----------------------------------------------------------------------------------

Result<std::string> MigrateAndLoadReference(store::Store* store, const std::string& dir) {
  ASSIGN_OR_RETURN(int version, store->Migrate());
  ASSIGN_OR_RETURN(auto data, io::ReadReferenceFiles(dir));
  ASSIGN_OR_RETURN(std::string loaded, store->ReferenceVersion());
  std::string summary = "schema version " + std::to_string(version) + "; ";
  if (loaded == data.version) return summary + "reference data " + loaded + " already loaded";
  RETURN_IF_ERROR(store->ReplaceReference(data));
  return summary + "reference data " + data.version + " loaded (" +
         std::to_string(data.regions.size()) + " regions, " +
         std::to_string(data.municipalities.size()) + " municipalities, " +
         std::to_string(data.pc4s.size()) + " postcodes, " + std::to_string(data.skills.size()) +
         " skills, " + std::to_string(data.occupations.size()) + " occupations)";
}

Result<std::shared_ptr<const domain::Catalog>> LoadCatalog(store::Store* store) {
  ASSIGN_OR_RETURN(auto data, store->LoadReference());
  if (data.regions.empty()) {
    return FailedPrecondition("Er zijn geen referentiegegevens; draai eerst 'overstap migrate'.",
                              "No reference data; run 'overstap migrate' first.");
  }
  return std::shared_ptr<const domain::Catalog>(std::make_shared<domain::Catalog>(std::move(data)));
}

// ---- display fields of list items -------------------------------------------------------------

Result<std::vector<domain::DisplayNames>> RegisterService::Display(
    const RequestContext&, const std::vector<domain::DisplayRefs>& refs) {
  std::vector<std::string> people, organisations, places;
  for (const auto& r : refs) {
    if (!r.person.empty()) people.push_back(r.person);
    if (!r.organisation.empty()) organisations.push_back(r.organisation);
    if (!r.to.empty()) organisations.push_back(r.to);
    if (!r.place.empty()) places.push_back(r.place);
  }
  ASSIGN_OR_RETURN(store::Names names, store_->GetNames(people, organisations, places));
  std::vector<domain::DisplayNames> out;
  out.reserve(refs.size());
  for (const auto& r : refs) {
    domain::DisplayNames d;
    if (auto it = names.people.find(r.person); it != names.people.end()) {
      d.person = domain::DisplayName(it->second.first, it->second.prefix, it->second.last);
    }
    if (auto it = names.organisations.find(r.organisation); it != names.organisations.end()) {
      d.organisation = it->second;
    }
    if (auto it = names.places.find(r.place); it != names.places.end()) {
      d.place = it->second.title;
      if (r.organisation.empty()) d.organisation = it->second.organisation;
    }
    if (auto it = names.organisations.find(r.to); it != names.organisations.end())
      d.to = it->second;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace overstap::service
