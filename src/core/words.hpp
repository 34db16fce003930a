#pragma once
// Words that recur in complaint comments, for the insights dashboard: comments split into
// lower-case words, with each language's stop-words (assets/stopwords.json) left out.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace heard {

using StopWords = std::map<std::string, std::set<std::string>>;  // language -> words

// Letters (ASCII lower-cased; accented letters kept as they are) between anything else;
// words shorter than 3 bytes are dropped.
std::vector<std::string> comment_words(std::string_view text);

// {"en": ["the", ...], "es": [...]}. Throws ConfigError naming the file.
StopWords load_stop_words(const std::filesystem::path& file);

}  // namespace heard
