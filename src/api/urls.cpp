// URL helpers matching Datasette's output byte for byte.
#include "api/urls.h"

#include <algorithm>

#include "api/query_args.h"

namespace liteserve::api {

std::string path_with_args(const std::string& path, const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string query;
    for (const auto& [key, value] : pairs) {
        if (value.empty()) continue;
        query += query.empty() ? "?" : "&";
        query += url_quote_plus(key) + "=" + url_quote_plus(value);
    }
    return path + query;
}

std::string path_with_replaced_args(const Request& request,
                                    const std::vector<std::pair<std::string, std::string>>& replace) {
    auto replaced = [&](const std::string& key) {
        return std::any_of(replace.begin(), replace.end(), [&](const auto& p) { return p.first == key; });
    };
    std::vector<std::pair<std::string, std::string>> pairs;
    auto args = QueryArgs::parse(request.query);
    for (const auto& pair : args.all())
        if (!replaced(pair.first)) pairs.push_back(pair);
    pairs.insert(pairs.end(), replace.begin(), replace.end());
    return path_with_args(request.path, pairs);
}

std::string path_with_added_args(const Request& request,
                                 const std::vector<std::pair<std::string, std::string>>& added) {
    std::string query;
    auto append = [&](const std::string& key, const std::string& value) {
        query += query.empty() ? "?" : "&";
        query += url_quote_plus(key) + "=" + url_quote_plus(value);
    };
    auto args = QueryArgs::parse(request.query);
    for (const auto& [key, value] : args.all())
        if (!value.empty()) append(key, value);
    for (const auto& [key, value] : added) append(key, value);
    return request.path + query;
}

std::string path_with_removed_args(const Request& request,
                                   const std::vector<std::pair<std::string, std::string>>& removed) {
    std::vector<std::pair<std::string, std::string>> kept;
    auto args = QueryArgs::parse(request.query);
    for (const auto& pair : args.all())
        if (std::find(removed.begin(), removed.end(), pair) == removed.end()) kept.push_back(pair);
    return path_with_args(request.path, kept);
}

std::string absolute_url(const Request& request, std::string_view path) {
    auto host = request.header("host");
    return request.scheme + "://" + std::string(host ? *host : "localhost") + std::string(path);
}

}  // namespace liteserve::api
