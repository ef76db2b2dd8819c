// Search arguments → FTS conditions. Names reach SQL only after a catalog lookup (the index,
// its columns, the key column); the search text itself is always a bound parameter.
#include "api/table_search.h"

#include <algorithm>

#include "db/fts.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The _search* arguments other than _searchmode, each key once with its first value, in
// the order the keys first appear (Datasette's dict over request.args); blank values count.
Pairs search_args(const QueryArgs& args) {
    Pairs out;
    for (const auto& [key, value] : args.all()) {
        if (key.rfind("_search", 0) != 0 || key == "_searchmode") continue;
        bool seen = std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == key; });
        if (!seen) out.emplace_back(key, *args.first(key));
    }
    return out;
}

std::optional<std::string> non_blank(std::optional<std::string> value) {
    if (value && value->empty()) return std::nullopt;
    return value;
}

// The FTS index to search, or nullptr when the table has none.
const db::Table* fts_index(const config::TableConfig& tc, const db::Schema& schema, const db::Table& table,
                           const QueryArgs& args) {
    auto name = non_blank(args.first("_fts_table"));
    if (!name) name = tc.fts_table;
    if (!name) name = table.fts_table;
    if (!name) return nullptr;
    const db::Table* fts = schema.find(*name);
    if (!fts) throw bad_request("no such table: " + *name);
    return fts;
}

// The column of the searched table that holds FTS rowids: rowid unless configured.
std::string key_column(const config::TableConfig& tc, const db::Table& table, const QueryArgs& args) {
    auto key = non_blank(args.first("_fts_pk"));
    if (!key) key = tc.fts_pk;
    if (!key || *key == "rowid") return "rowid";
    if (!table.has_column(*key)) throw bad_request("no such column: " + *key, "Invalid SQL");
    return *key;
}

bool raw_mode(const config::TableConfig& tc, const QueryArgs& args) {
    auto mode = args.first("_searchmode");
    if (mode == "raw") return true;
    if (mode == "escaped") return false;
    return tc.searchmode == "raw";
}

// _search_COLUMN= names one of the index's own columns (table_info's, hidden ones left out).
std::string search_column(const db::Table& fts, const std::string& key) {
    const std::string prefix = "_search_";
    std::string column = key.rfind(prefix, 0) == 0 ? key.substr(prefix.size()) : std::string();
    auto visible = [&](const db::Column& c) { return c.hidden == 0 && c.name == column; };
    if (column.empty() || std::none_of(fts.columns.begin(), fts.columns.end(), visible))
        throw bad_request("Cannot search by that column");
    return column;
}

}  // namespace

SearchPlan plan_search(const config::TableConfig& tc, const db::Schema& schema, const db::Table& table,
                       const QueryArgs& args) {
    SearchPlan plan;
    Pairs searches = search_args(args);
    if (searches.empty()) return plan;
    const db::Table* fts = fts_index(tc, schema, table, args);
    if (!fts) return plan;
    db::FtsMatch match{fts->name, key_column(tc, table, args), std::nullopt, "search", raw_mode(tc, args)};

    auto simple = std::find_if(searches.begin(), searches.end(), [](const auto& p) { return p.first == "_search"; });
    if (simple != searches.end()) {
        plan.where.push_back(db::fts_match_clause(match));
        plan.params.emplace_back("search", simple->second);
        plan.descriptions.push_back("search matches \"" + simple->second + "\"");
        return plan;
    }
    // Datasette matches `rowid in` here even when fts_pk is set, which fails on views; the
    // key column (rowid unless fts_pk is set) gives the same SQL otherwise and works on views.
    for (std::size_t i = 0; i < searches.size(); ++i) {
        const auto& [key, text] = searches[i];
        match.column = search_column(*fts, key);
        match.param = "search_" + std::to_string(i);
        plan.where.push_back(db::fts_match_clause(match));
        plan.params.emplace_back(match.param, text);
        plan.descriptions.push_back("search column \"" + *match.column + "\" matches \"" + text + "\"");
    }
    return plan;
}

}  // namespace liteserve::api
