#include "card/store/storage.hpp"

namespace mynasim::card::store {

const char* describe(StoreError error) {
  switch (error) {
    case StoreError::kNone:
      return "ok";
    case StoreError::kIo:
      return "input/output error";
    case StoreError::kNotFound:
      return "no card image";
    case StoreError::kNotAnImage:
      return "not a mynasim card image";
    case StoreError::kUnsupportedVersion:
      return "unsupported card image format version";
    case StoreError::kTruncated:
      return "truncated card image";
    case StoreError::kCorrupted:
      return "corrupted card image";
    case StoreError::kPowerLost:
      return "power lost";
  }
  return "unknown store error";
}

StoreStatus image_failure(StoreError error, std::string_view image_name, std::string_view problem) {
  StoreStatus status;
  status.error = error;
  status.message.reserve(image_name.size() + problem.size() + 13);
  status.message.append("card image ").append(image_name).append(": ").append(problem);
  return status;
}

}  // namespace mynasim::card::store
