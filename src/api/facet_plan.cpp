// Reading facet requests: configured facets, then the query string's, checked against the
// catalog so that only known names reach the facet SQL.
#include "api/facet_plan.h"

#include <algorithm>
#include <optional>

#include <rapidjson/document.h>

#include "liteserve/error.h"

namespace liteserve::api {
namespace {

// The facet type of a query argument: _facet, _facet_date, _facet_array. Other _facet_*
// keys (_facet_size, types from Datasette plugins) select no facet.
std::optional<FacetType> type_of_argument(const std::string& key) {
    if (key == "_facet") return FacetType::Column;
    if (key == "_facet_date") return FacetType::Date;
    if (key == "_facet_array") return FacetType::Array;
    return std::nullopt;
}

std::optional<FacetType> type_of_config(const std::string& name) {
    if (name == "column") return FacetType::Column;
    if (name == "date") return FacetType::Date;
    if (name == "array") return FacetType::Array;
    return std::nullopt;
}

// The column an argument names: the value itself, or {"column": NAME} in JSON (a value that
// starts with "{", as Datasette reads it).
std::string argument_column(const std::string& key, const std::string& value) {
    if (value.empty() || value.front() != '{') return value;
    rapidjson::Document doc;
    doc.Parse(value.c_str(), value.size());
    if (!doc.HasParseError() && doc.IsObject()) {
        auto it = doc.FindMember("column");
        if (it != doc.MemberEnd() && it->value.IsString()) return it->value.GetString();
    }
    throw bad_request(key + "=" + value + " is not a column name or {\"column\": NAME}");
}

void check_column(const db::Table& table, const std::string& column) {
    if (table.has_column(column) || (column == "rowid" && table.uses_rowid())) return;
    throw bad_request("no such column: " + column);
}

}  // namespace

void check_facets_allowed(const config::Settings& settings, const QueryArgs& args) {
    if (settings.allow_facet) return;
    for (const auto& [key, value] : args.all())
        if (key.rfind("_facet", 0) == 0) throw bad_request("_facet= is not allowed");
}

bool asks_for_facets(const QueryArgs& args) {
    return std::any_of(args.all().begin(), args.all().end(), [](const auto& pair) {
        return pair.first == "_facet" || pair.first.rfind("_facet_", 0) == 0;
    });
}

std::int64_t facet_size(const config::Settings& settings, const config::TableConfig& table, const QueryArgs& args) {
    std::int64_t size = settings.default_facet_size;
    const std::int64_t max = settings.max_returned_rows;
    if (table.facet_size) size = *table.facet_size == config::TableConfig::kFacetSizeMax ? max : *table.facet_size;
    auto asked = args.first("_facet_size");
    bool digits = asked && !asked->empty() &&
                  std::all_of(asked->begin(), asked->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (asked && *asked == "max") size = max;
    else if (digits) size = asked->size() > 18 ? max : std::stoll(*asked);  // too long: capped below
    return std::min(size, max);
}

FacetPlan plan_facets(const Context& ctx, const std::string& database, const db::Table& table, const QueryArgs& args) {
    const config::TableConfig& tc = ctx.table_config(database, table.name);
    FacetPlan plan;
    plan.size = facet_size(ctx.settings, tc, args);
    bool nofacet = args.truthy("_nofacet");
    plan.suggest = ctx.settings.suggest_facets && ctx.settings.allow_facet && !nofacet &&
                   !args.truthy("_nosuggest") && !args.truthy("_next");
    if (nofacet) return plan;
    for (FacetType type : {FacetType::Column, FacetType::Date, FacetType::Array}) {
        for (const auto& configured : tc.facets)
            if (type_of_config(configured.type) == type) plan.facets.push_back({type, configured.column, true});
        for (const auto& [key, value] : args.all())
            if (type_of_argument(key) == type) plan.facets.push_back({type, argument_column(key, value), false});
    }
    for (const auto& facet : plan.facets) check_column(table, facet.column);
    return plan;
}

}  // namespace liteserve::api
