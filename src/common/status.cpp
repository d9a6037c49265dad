#include "common/status.h"

namespace overstap {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kUnprocessable:
      return "Unprocessable";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kAlreadyExists:
      return "AlreadyExists";
    case StatusCode::kFailedPrecondition:
      return "FailedPrecondition";
    case StatusCode::kAborted:
      return "Aborted";
    case StatusCode::kUnauthenticated:
      return "Unauthenticated";
    case StatusCode::kPermissionDenied:
      return "PermissionDenied";
    case StatusCode::kResourceExhausted:
      return "ResourceExhausted";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = StatusCodeName(code_);
  out += ": ";
  out += message_en_;
  for (const auto& v : violations_) {
    out += " [" + v.field + ": " + v.code + "]";
  }
  return out;
}

Status InvalidArgument(std::string nl, std::string en, std::vector<FieldViolation> v) {
  return Status(StatusCode::kInvalidArgument, std::move(nl), std::move(en), std::move(v));
}
Status Unprocessable(std::string nl, std::string en, std::vector<FieldViolation> v) {
  return Status(StatusCode::kUnprocessable, std::move(nl), std::move(en), std::move(v));
}
Status NotFound(std::string nl, std::string en) {
  return Status(StatusCode::kNotFound, std::move(nl), std::move(en));
}
Status AlreadyExists(std::string nl, std::string en, std::vector<FieldViolation> v) {
  return Status(StatusCode::kAlreadyExists, std::move(nl), std::move(en), std::move(v));
}
Status FailedPrecondition(std::string nl, std::string en) {
  return Status(StatusCode::kFailedPrecondition, std::move(nl), std::move(en));
}
Status Aborted(std::string nl, std::string en) {
  return Status(StatusCode::kAborted, std::move(nl), std::move(en));
}
Status Internal(std::string en) {
  return Status(StatusCode::kInternal, "Er ging iets mis aan onze kant.", std::move(en));
}
Status Unavailable(std::string en) {
  return Status(StatusCode::kUnavailable, "De dienst is tijdelijk niet beschikbaar.",
                std::move(en));
}

Status PrefixFields(const Status& status, const std::string& prefix) {
  std::vector<FieldViolation> v = status.violations();
  for (auto& f : v) f.field = prefix + f.field;
  return Status(status.code(), status.message_nl(), status.message_en(), std::move(v));
}

}  // namespace overstap
