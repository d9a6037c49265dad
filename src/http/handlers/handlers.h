#pragma once
// The handlers of the route table (http/routes.cpp), one file per resource group. Each
// handler answers one route: it reads the request from `ex`, calls the use case on
// `services` and replies. A handler whose service is null answers 503 (keep in view) or must
// not be called (the table built without services, for its paths only).

#include "http/server.h"

namespace overstap::http::handlers {

// system.cpp
void OpenApi(Exchange& ex, const Services& s);

// register.cpp: reference data
void Regios(Exchange& ex, const Services& s);
void Regio(Exchange& ex, const Services& s);
void Gemeenten(Exchange& ex, const Services& s);
void Gemeente(Exchange& ex, const Services& s);
void Sectoren(Exchange& ex, const Services& s);
void Vaardigheden(Exchange& ex, const Services& s);
void Vaardigheid(Exchange& ex, const Services& s);
void Beroepen(Exchange& ex, const Services& s);
void Beroep(Exchange& ex, const Services& s);

// register.cpp: organisaties, deelnemers, plekken
void OrganisatiesLijst(Exchange& ex, const Services& s);
void OrganisatieMaken(Exchange& ex, const Services& s);
void OrganisatieLezen(Exchange& ex, const Services& s);
void OrganisatieVervangen(Exchange& ex, const Services& s);
void OrganisatieWijzigen(Exchange& ex, const Services& s);
void OrganisatieVerwijderen(Exchange& ex, const Services& s);

void DeelnemersLijst(Exchange& ex, const Services& s);
void DeelnemerMaken(Exchange& ex, const Services& s);
void DeelnemerLezen(Exchange& ex, const Services& s);
void DeelnemerVervangen(Exchange& ex, const Services& s);
void DeelnemerWijzigen(Exchange& ex, const Services& s);
void DeelnemerVerwijderen(Exchange& ex, const Services& s);

void PlekkenLijst(Exchange& ex, const Services& s);
void PlekMaken(Exchange& ex, const Services& s);
void PlekLezen(Exchange& ex, const Services& s);
void PlekVervangen(Exchange& ex, const Services& s);
void PlekWijzigen(Exchange& ex, const Services& s);
void PlekVerwijderen(Exchange& ex, const Services& s);

// matching.cpp
void PassendePlekken(Exchange& ex, const Services& s);
void BijnaPassendePlekken(Exchange& ex, const Services& s);
void Kandidaten(Exchange& ex, const Services& s);

// rounds.cpp
void MatchrondeStarten(Exchange& ex, const Services& s);
void MatchrondesLijst(Exchange& ex, const Services& s);
void MatchrondeLezen(Exchange& ex, const Services& s);
void MatchrondeUitkomsten(Exchange& ex, const Services& s);

// follow.cpp: keep in view
void Tijdlijn(Exchange& ex, const Services& s);
void GebeurtenisToevoegen(Exchange& ex, const Services& s);
void GebeurtenissenToevoegen(Exchange& ex, const Services& s);
void Volgstand(Exchange& ex, const Services& s);
void Big5Plan(Exchange& ex, const Services& s);
void SignalenLijst(Exchange& ex, const Services& s);
void SignaalLezen(Exchange& ex, const Services& s);
void TakenLijst(Exchange& ex, const Services& s);
void TaakLezen(Exchange& ex, const Services& s);
void TaakAfronden(Exchange& ex, const Services& s);
void TaakToewijzen(Exchange& ex, const Services& s);
void OverdrachtAanbieden(Exchange& ex, const Services& s);
void OverdrachtenLijst(Exchange& ex, const Services& s);
void OverdrachtLezen(Exchange& ex, const Services& s);
void OverdrachtAccepteren(Exchange& ex, const Services& s);
void OverdrachtWeigeren(Exchange& ex, const Services& s);

}  // namespace overstap::http::handlers
