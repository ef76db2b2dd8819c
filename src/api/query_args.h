// The decoded query string of a request, in order, with Datasette's lookup helpers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liteserve::api {

class QueryArgs {
public:
    // Parses a raw query string ("a=1&b=%20x"); '+' means space. Throws HttpError 400 for
    // malformed percent-encoding.
    static QueryArgs parse(std::string_view raw);

    const std::vector<std::pair<std::string, std::string>>& all() const { return pairs_; }
    std::optional<std::string> first(std::string_view key) const;
    std::vector<std::string> every(std::string_view key) const;
    bool has(std::string_view key) const { return first(key).has_value(); }
    // Every value of `key`, each split on commas, empties dropped (for _extra, _col, _json …).
    std::vector<std::string> comma_list(std::string_view key) const;
    // Column filter arguments: not starting with '_', or containing "__".
    std::vector<std::pair<std::string, std::string>> without_underscore() const;
    // True for "1", "on", "true" in any case (Datasette's value_as_boolean).
    bool flag(std::string_view key) const;
    // True when `key` has a non-empty value: Datasette's `if request.args.get(key)` (so
    // "_nocount=0" is set, "_nocount=" is not).
    bool truthy(std::string_view key) const { return !first(key).value_or("").empty(); }

private:
    std::vector<std::pair<std::string, std::string>> pairs_;
};

// Percent-encodes a query argument value the way Python's urlencode does (space → '+').
std::string url_quote_plus(std::string_view value);

}  // namespace liteserve::api
