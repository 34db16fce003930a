#pragma once
// Writing one response row and its categories: the kiosk's store and the hub's ingest both go
// through here, so a column added to the record (flags, say) reaches both with one change.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/response.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace heard::store {

// Binds the detail columns shared by INSERT and UPDATE (rating ... flags, in the order of
// `detail_columns`), starting at `first`; returns the next index.
extern const char* const detail_columns;
int bind_details(Statement& s, int first, const Response& r);

// Every column of a response row, in the order read_response() reads them.
extern const char* const response_columns;
// The response in the current row of a statement that selected `response_columns`.
Response read_response(const Statement& s);

// Keeps response_categories in step with the JSON column, for indexed counts.
class CategoryWriter {
 public:
  explicit CategoryWriter(Database& db);
  void add(std::int64_t seq, const std::vector<std::string>& categories);
  void replace(std::int64_t seq, const std::vector<std::string>& categories);

 private:
  Statement clear_;
  Statement add_;
};

// Prepared once and reused: saving is the kiosk's hot path, and the hub inserts whole batches.
class ResponseInsert {
 public:
  // keep_first: an id already stored is left as it is and insert() says so (the hub keeps
  // the first copy of an id); otherwise a repeated id is an error, as on the kiosk.
  enum class OnRepeatedId { fail, keep_first };
  ResponseInsert(Database& db, OnRepeatedId on_repeat);

  // The row's seq, or nothing when keep_first left an earlier row with this id in place.
  // `synced_at`: when the hub received it; nothing on a kiosk until the hub confirms.
  std::optional<std::int64_t> insert(const Response& r, bool complete, Millis updated_at,
                                     std::optional<Millis> synced_at = std::nullopt);

 private:
  Statement insert_;
  CategoryWriter categories_;
};

}  // namespace heard::store
