// THE route table: every endpoint of API v1, in one place, each a literal path to a named
// handler (http/handlers/*.cpp) with what it does for access control. The order is the order
// of matching and of the methods an Allow header lists.

#include <iterator>

#include "access/route_access.h"
#include "http/handlers/handlers.h"
#include "http/server.h"

namespace overstap::http {
namespace {

using HandlerFn = void (*)(Exchange&, const Services&);

constexpr auto kLezen = access::Action::kLezen;
constexpr auto kSchrijven = access::Action::kSchrijven;
constexpr auto kBeheren = access::Action::kBeheren;

constexpr auto kDeelnemer = access::ResourceKind::kDeelnemer;
constexpr auto kPlek = access::ResourceKind::kPlek;
constexpr auto kOrganisatie = access::ResourceKind::kOrganisatie;
constexpr auto kRonde = access::ResourceKind::kRonde;
constexpr auto kSignaal = access::ResourceKind::kSignaal;
constexpr auto kTaak = access::ResourceKind::kTaak;
constexpr auto kOverdracht = access::ResourceKind::kOverdracht;
constexpr auto kReferentie = access::ResourceKind::kReferentie;
constexpr auto kSysteem = access::ResourceKind::kSysteem;

// Whether the route reads or writes personal data.
constexpr auto kPersoonlijk = access::PersonalData::kJa;
constexpr auto kAlgemeen = access::PersonalData::kNee;

// The body of a POST whose fields are all optional (a note) may be left out altogether.
enum class Body { kAsSent, kOptional };
constexpr auto kMagLeeg = Body::kOptional;

struct RouteRow {
  const char* method;
  const char* pattern;
  HandlerFn handler;
  access::Action action;
  access::ResourceKind resource;
  access::PersonalData personal;
  Body body = Body::kAsSent;
};

// clang-format off
const RouteRow kRoutes[] = {
  {"GET",    "/api/v1/openapi.json",                       handlers::OpenApi,                 kLezen,     kSysteem,     kAlgemeen},

  {"GET",    "/api/v1/regios",                             handlers::Regios,                  kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/regios/{code}",                      handlers::Regio,                   kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/gemeenten",                          handlers::Gemeenten,               kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/gemeenten/{code}",                   handlers::Gemeente,                kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/sectoren",                           handlers::Sectoren,                kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/vaardigheden",                       handlers::Vaardigheden,            kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/vaardigheden/{id}",                  handlers::Vaardigheid,             kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/beroepen",                           handlers::Beroepen,                kLezen,     kReferentie,  kAlgemeen},
  {"GET",    "/api/v1/beroepen/{id}",                      handlers::Beroep,                  kLezen,     kReferentie,  kAlgemeen},

  {"GET",    "/api/v1/organisaties",                       handlers::OrganisatiesLijst,       kLezen,     kOrganisatie, kAlgemeen},
  {"POST",   "/api/v1/organisaties",                       handlers::OrganisatieMaken,        kSchrijven, kOrganisatie, kAlgemeen},
  {"GET",    "/api/v1/organisaties/{id}",                  handlers::OrganisatieLezen,        kLezen,     kOrganisatie, kAlgemeen},
  {"PUT",    "/api/v1/organisaties/{id}",                  handlers::OrganisatieVervangen,    kSchrijven, kOrganisatie, kAlgemeen},
  {"PATCH",  "/api/v1/organisaties/{id}",                  handlers::OrganisatieWijzigen,     kSchrijven, kOrganisatie, kAlgemeen},
  {"DELETE", "/api/v1/organisaties/{id}",                  handlers::OrganisatieVerwijderen,  kSchrijven, kOrganisatie, kAlgemeen},

  {"GET",    "/api/v1/deelnemers",                         handlers::DeelnemersLijst,         kLezen,     kDeelnemer,   kPersoonlijk},
  {"POST",   "/api/v1/deelnemers",                         handlers::DeelnemerMaken,          kSchrijven, kDeelnemer,   kPersoonlijk},
  {"GET",    "/api/v1/deelnemers/{id}",                    handlers::DeelnemerLezen,          kLezen,     kDeelnemer,   kPersoonlijk},
  {"PUT",    "/api/v1/deelnemers/{id}",                    handlers::DeelnemerVervangen,      kSchrijven, kDeelnemer,   kPersoonlijk},
  {"PATCH",  "/api/v1/deelnemers/{id}",                    handlers::DeelnemerWijzigen,       kSchrijven, kDeelnemer,   kPersoonlijk},
  {"DELETE", "/api/v1/deelnemers/{id}",                    handlers::DeelnemerVerwijderen,    kSchrijven, kDeelnemer,   kPersoonlijk},

  {"GET",    "/api/v1/plekken",                            handlers::PlekkenLijst,            kLezen,     kPlek,        kAlgemeen},
  {"POST",   "/api/v1/plekken",                            handlers::PlekMaken,               kSchrijven, kPlek,        kAlgemeen},
  {"GET",    "/api/v1/plekken/{id}",                       handlers::PlekLezen,               kLezen,     kPlek,        kAlgemeen},
  {"PUT",    "/api/v1/plekken/{id}",                       handlers::PlekVervangen,           kSchrijven, kPlek,        kAlgemeen},
  {"PATCH",  "/api/v1/plekken/{id}",                       handlers::PlekWijzigen,            kSchrijven, kPlek,        kAlgemeen},
  {"DELETE", "/api/v1/plekken/{id}",                       handlers::PlekVerwijderen,         kSchrijven, kPlek,        kAlgemeen},

  {"GET",    "/api/v1/deelnemers/{id}/passende-plekken",   handlers::PassendePlekken,         kLezen,     kDeelnemer,   kPersoonlijk},
  {"GET",    "/api/v1/deelnemers/{id}/bijna-passende-plekken", handlers::BijnaPassendePlekken, kLezen,  kDeelnemer,   kPersoonlijk},
  {"GET",    "/api/v1/plekken/{id}/kandidaten",            handlers::Kandidaten,              kLezen,     kPlek,        kPersoonlijk},

  {"POST",   "/api/v1/matchrondes",                        handlers::MatchrondeStarten,       kBeheren,   kRonde,       kPersoonlijk},
  {"GET",    "/api/v1/matchrondes",                        handlers::MatchrondesLijst,        kLezen,     kRonde,       kAlgemeen},
  {"GET",    "/api/v1/matchrondes/{id}",                   handlers::MatchrondeLezen,         kLezen,     kRonde,       kAlgemeen},
  {"GET",    "/api/v1/matchrondes/{id}/uitkomsten",        handlers::MatchrondeUitkomsten,    kLezen,     kRonde,       kPersoonlijk},

  {"GET",    "/api/v1/deelnemers/{id}/tijdlijn",           handlers::Tijdlijn,                kLezen,     kDeelnemer,   kPersoonlijk},
  {"POST",   "/api/v1/deelnemers/{id}/gebeurtenissen",     handlers::GebeurtenisToevoegen,    kSchrijven, kDeelnemer,   kPersoonlijk},
  {"POST",   "/api/v1/gebeurtenissen",                     handlers::GebeurtenissenToevoegen, kBeheren,   kDeelnemer,   kPersoonlijk},
  {"GET",    "/api/v1/deelnemers/{id}/volgstand",          handlers::Volgstand,               kLezen,     kDeelnemer,   kPersoonlijk},
  {"PUT",    "/api/v1/deelnemers/{id}/big5/{domein}",      handlers::Big5Plan,                kSchrijven, kDeelnemer,   kPersoonlijk},

  {"GET",    "/api/v1/signalen",                           handlers::SignalenLijst,           kLezen,     kSignaal,     kPersoonlijk},
  {"GET",    "/api/v1/signalen/{id}",                      handlers::SignaalLezen,            kLezen,     kSignaal,     kPersoonlijk},

  {"GET",    "/api/v1/taken",                              handlers::TakenLijst,              kLezen,     kTaak,        kPersoonlijk},
  {"GET",    "/api/v1/taken/{id}",                         handlers::TaakLezen,               kLezen,     kTaak,        kPersoonlijk},
  {"POST",   "/api/v1/taken/{id}/afronden",                handlers::TaakAfronden,            kSchrijven, kTaak,        kPersoonlijk, kMagLeeg},
  {"POST",   "/api/v1/taken/{id}/toewijzen",               handlers::TaakToewijzen,           kSchrijven, kTaak,        kPersoonlijk},

  {"POST",   "/api/v1/overdrachten",                       handlers::OverdrachtAanbieden,     kSchrijven, kOverdracht,  kPersoonlijk},
  {"GET",    "/api/v1/overdrachten",                       handlers::OverdrachtenLijst,       kLezen,     kOverdracht,  kPersoonlijk},
  {"GET",    "/api/v1/overdrachten/{id}",                  handlers::OverdrachtLezen,         kLezen,     kOverdracht,  kPersoonlijk},
  {"POST",   "/api/v1/overdrachten/{id}/accepteren",       handlers::OverdrachtAccepteren,    kSchrijven, kOverdracht,  kPersoonlijk, kMagLeeg},
  {"POST",   "/api/v1/overdrachten/{id}/weigeren",         handlers::OverdrachtWeigeren,      kSchrijven, kOverdracht,  kPersoonlijk, kMagLeeg},
};
// clang-format on

}  // namespace

std::vector<ApiRoute> BuildRoutes(const Services& services) {
  std::vector<ApiRoute> routes;
  routes.reserve(std::size(kRoutes));
  for (const RouteRow& row : kRoutes) {
    ApiRoute route;
    route.method = row.method;
    route.pattern = row.pattern;
    route.handler = [fn = row.handler, services](Exchange& ex) { fn(ex, services); };
    route.access = {row.action, row.resource, row.personal};
    route.body_optional = row.body == Body::kOptional;
    routes.push_back(std::move(route));
  }
  return routes;
}

}  // namespace overstap::http
