#pragma once
// Reads the reference data files under data/reference/ (see its PROVENANCE.md) into
// domain::ReferenceData. The version is a hash of the files' contents, so `migrate` reloads
// exactly when the shipped data changed.

#include <string>

#include "common/status.h"
#include "domain/reference.h"

namespace overstap::io {

// kNotFound when a file is missing; kInvalidArgument when a file is malformed.
Result<domain::ReferenceData> ReadReferenceFiles(const std::string& dir);

// The directory holding the reference data: $OVERSTAP_REFERENCE_DIR, else ./data/reference,
// else <dir of the executable>/../../data/reference (a build tree inside the repository).
std::string DefaultReferenceDir(const char* argv0);

}  // namespace overstap::io
