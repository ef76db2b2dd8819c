// The suggestion probes of each facet type. SQL errors in the date and array probes (text
// that is not JSON, BLOBs) mean "not this type", as in Datasette.
#include "api/facet_suggest.h"

#include <algorithm>
#include <functional>

#include <rapidjson/document.h>

#include "api/urls.h"

namespace liteserve::api {
namespace {

std::chrono::milliseconds suggest_time_limit(const config::Settings& settings) {
    return std::chrono::milliseconds(std::min(settings.facet_suggest_time_limit_ms, settings.sql_time_limit_ms));
}

// Every row of a probe, or nullopt when it ran out of time (or, with `sql_errors_fail`,
// when SQLite rejected it).
std::optional<std::vector<std::vector<db::Value>>> probe(const FacetSource& src, const std::string& sql,
                                                         bool sql_errors_fail) {
    try {
        db::ScopedTimeLimit scope(src.conn, suggest_time_limit(src.ctx.settings));
        auto cursor = src.run(sql);
        std::vector<std::vector<db::Value>> rows;
        while (cursor->step()) {
            rows.emplace_back();
            for (int i = 0; i < cursor->column_count(); ++i) rows.back().push_back(cursor->value(i));
        }
        return rows;
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) throw;
    } catch (const db::SqlError&) {
        if (!sql_errors_fail) throw;
    }
    return std::nullopt;
}

// The columns of the facet source (rowid first for rowid tables) not yet faceted as `type`.
std::vector<std::string> candidates(const FacetSource& src, const FacetPlan& plan, FacetType type) {
    std::vector<std::string> columns = src.table.column_names();
    if (src.table.uses_rowid()) columns.insert(columns.begin(), "rowid");
    std::erase_if(columns, [&](const std::string& c) {
        return std::any_of(plan.facets.begin(), plan.facets.end(),
                           [&](const FacetSpec& f) { return f.type == type && f.column == c; });
    });
    return columns;
}

SuggestedFacet suggestion(const FacetSource& src, const std::string& column, std::optional<FacetType> type,
                          const char* argument) {
    return {column, type, absolute_url(src.request, path_with_added_args(src.request, {{argument, column}}))};
}

bool is_text(const db::Value& v) { return std::holds_alternative<std::string>(v); }

void suggest_columns(const FacetSource& src, const FacetPlan& plan, std::vector<SuggestedFacet>& out) {
    auto count = probe(src, suggest_row_count_sql(src.sql), false);
    if (!count || count->empty()) return;
    const auto* rows = std::get_if<std::int64_t>(&count->front().front());
    std::int64_t row_count = rows ? *rows : 0;
    for (const auto& column : candidates(src, plan, FacetType::Column)) {
        auto values = probe(src, column_suggest_sql(column, src.sql, plan.size + 1), false);
        if (!values) continue;
        auto distinct = static_cast<std::int64_t>(values->size());
        bool repeated = std::any_of(values->begin(), values->end(), [](const auto& row) {
            const auto* n = std::get_if<std::int64_t>(&row[1]);
            return n && *n > 1;
        });
        if (1 < distinct && distinct < row_count && distinct <= plan.size && repeated)
            out.push_back(suggestion(src, column, std::nullopt, "_facet"));
    }
}

void suggest_dates(const FacetSource& src, const FacetPlan& plan, std::vector<SuggestedFacet>& out) {
    for (const auto& column : candidates(src, plan, FacetType::Date)) {
        auto values = probe(src, date_suggest_sql(column, src.sql), true);
        if (!values) continue;
        bool any_date = std::any_of(values->begin(), values->end(), [](const auto& row) {
            return is_text(row[0]) && !std::get<std::string>(row[0]).empty();
        });
        if (any_date) out.push_back(suggestion(src, column, FacetType::Date, "_facet_date"));
    }
}

// Datasette's _is_json_array_of_strings.
bool is_array_of_strings(const db::Value& value) {
    if (!is_text(value)) return false;
    rapidjson::Document doc;
    const auto& text = std::get<std::string>(value);
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError() || !doc.IsArray()) return false;
    return std::all_of(doc.Begin(), doc.End(), [](const auto& item) { return item.IsString(); });
}

void suggest_arrays(const FacetSource& src, const FacetPlan& plan, std::vector<SuggestedFacet>& out) {
    for (const auto& column : candidates(src, plan, FacetType::Array)) {
        // Every non-empty value must be a JSON array: the distinct types are ("array",) only.
        auto types = probe(src, array_types_sql(column, src.sql), true);
        if (!types || types->empty() || types->size() > 2 || types->front()[0] != db::Value(std::string("array"))) continue;
        if (types->size() == 2 && !std::holds_alternative<std::nullptr_t>((*types)[1][0])) continue;
        auto sample = probe(src, array_sample_sql(column, src.sql), true);
        if (!sample || sample->empty()) continue;
        if (std::all_of(sample->begin(), sample->end(), [](const auto& row) { return is_array_of_strings(row[0]); }))
            out.push_back(suggestion(src, column, FacetType::Array, "_facet_array"));
    }
}

}  // namespace

std::vector<SuggestedFacet> suggest_facets(const FacetSource& source, const FacetPlan& plan) {
    std::vector<SuggestedFacet> out;
    if (!plan.suggest) return out;
    suggest_columns(source, plan, out);
    suggest_dates(source, plan, out);
    suggest_arrays(source, plan, out);
    return out;
}

}  // namespace liteserve::api
