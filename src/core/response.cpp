#include "core/response.hpp"

namespace heard {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::complaint:
      return "complaint";
    case Kind::compliment:
      return "compliment";
    case Kind::suggestion:
      return "suggestion";
  }
  return "suggestion";
}

std::optional<Kind> kind_from_string(std::string_view text) {
  if (text == "complaint") return Kind::complaint;
  if (text == "compliment") return Kind::compliment;
  if (text == "suggestion") return Kind::suggestion;
  return std::nullopt;
}

Kind kind_for_rating(int rating, int low_rating_threshold) {
  if (rating <= low_rating_threshold) return Kind::complaint;
  if (rating >= 4) return Kind::compliment;
  return Kind::suggestion;
}

}  // namespace heard
