// Facet results: counting queries under their own time limit, foreign-key labels, and
// Datasette's rules for which values are selected and where their toggle URLs point.
#include "api/facets.h"

#include <algorithm>
#include <optional>

#include "api/cells.h"
#include "api/labels.h"
#include "api/urls.h"
#include "db/sql_guard.h"

namespace liteserve::api {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct CountedValue {
    db::Value value;
    std::int64_t count;
};

// The argument that asks for a facet of this type.
const char* argument_for(FacetType type) {
    switch (type) {
        case FacetType::Column: return "_facet";
        case FacetType::Date: return "_facet_date";
        case FacetType::Array: return "_facet_array";
    }
    return "_facet";
}

bool has_pair(const Pairs& pairs, const std::string& key, const std::string& value) {
    return std::find(pairs.begin(), pairs.end(), std::pair(key, value)) != pairs.end();
}

// The facet's values with their counts, or nullopt when it ran out of time.
std::optional<std::vector<CountedValue>> count_values(const FacetSource& src, const FacetSpec& spec,
                                                      std::int64_t limit, std::chrono::milliseconds time_limit) {
    try {
        db::ScopedTimeLimit scope(src.conn, time_limit);
        auto cursor = src.run(facet_sql(spec.type, spec.column, src.sql, limit));
        std::vector<CountedValue> rows;
        while (cursor->step()) rows.push_back({cursor->value(0), cursor->integer(1)});
        return rows;
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) throw;
        return std::nullopt;
    }
}

// The label of each value of a foreign-key column (Datasette's expand_foreign_keys), the
// value itself for the others. The lookup has a time limit of its own; when it runs out,
// the values stay unlabelled, as in Datasette.
std::vector<db::Value> labels_for(const FacetSource& src, const std::string& column,
                                  const std::vector<CountedValue>& rows) {
    std::vector<db::Value> labels;
    std::vector<std::vector<db::Value>> values;
    for (const auto& row : rows) {
        labels.push_back(row.value);
        values.push_back({row.value});
    }
    auto keys = expandable_columns(src.ctx, src.database, src.schema, src.table);
    auto fk = std::find_if(keys.begin(), keys.end(), [&](const Expandable& e) { return e.column == column; });
    if (fk == keys.end() || rows.empty()) return labels;
    try {
        db::ScopedTimeLimit scope(src.conn, std::chrono::milliseconds(src.ctx.settings.sql_time_limit_ms));
        PageLabels found = PageLabels::fetch(src.conn, {LabelColumn{0, *fk}}, values);
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (auto label = found.find(0, rows[i].value)) labels[i] = *label;
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) throw;
    }
    return labels;
}

// Whether the request already filters on `v`, and the URL that toggles that filter: column
// facets use col= (col__exact= for names starting with "_"; both count as selected), date
// facets col__date=, array facets col__arraycontains=.
void set_toggle(const FacetSource& src, const FacetSpec& spec, const Pairs& pairs, FacetValue& v) {
    std::string text = value_to_text(v.value);
    std::string key;
    Pairs removed;
    switch (spec.type) {
        case FacetType::Column:
            key = spec.column.rfind('_', 0) == 0 ? spec.column + "__exact" : spec.column;
            for (const std::string& k : {key, spec.column + "__exact"})
                if (has_pair(pairs, k, text) && !has_pair(removed, k, text)) removed.emplace_back(k, text);
            break;
        case FacetType::Date: {
            key = spec.column + "__date";
            std::optional<std::string> last;  // Datasette reads dict(pairs): the last one wins
            for (const auto& [k, value] : pairs)
                if (k == key) last = value;
            if (last == text) removed.emplace_back(key, text);
            break;
        }
        case FacetType::Array:
            key = spec.column + "__arraycontains";
            if (has_pair(pairs, key, text)) removed.emplace_back(key, text);
            break;
    }
    v.selected = !removed.empty();
    std::string path = v.selected ? path_with_removed_args(src.request, removed)
                                  : path_with_added_args(src.request, {{key, text}});
    v.toggle_url = absolute_url(src.request, path);
}

FacetResult make_result(const FacetSource& src, const FacetSpec& spec, const Pairs& pairs,
                        std::vector<CountedValue> rows, std::int64_t size) {
    FacetResult r;
    r.name = spec.column;
    r.type = spec.type;
    r.hideable = !spec.from_config;
    r.toggle_url = path_with_removed_args(src.request, {{argument_for(spec.type), spec.column}});
    r.truncated = static_cast<std::int64_t>(rows.size()) > size;
    if (r.truncated) rows.resize(static_cast<std::size_t>(size));
    auto labels = spec.type == FacetType::Column ? labels_for(src, spec.column, rows) : std::vector<db::Value>{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        FacetValue v;
        // Array items are shown as Python's str() of the item, as Datasette does.
        v.value = spec.type == FacetType::Array ? db::Value(value_to_text(rows[i].value)) : rows[i].value;
        v.label = spec.type == FacetType::Column ? labels[i] : v.value;
        v.count = rows[i].count;
        set_toggle(src, spec, pairs, v);
        r.values.push_back(std::move(v));
    }
    return r;
}

// Keys as Datasette's dict of results: a repeated name becomes name_2, name_3 …
void assign_keys(std::vector<FacetResult>& results) {
    std::vector<std::string> used;
    for (auto& r : results) {
        r.key = r.name;
        for (int i = 2; std::find(used.begin(), used.end(), r.key) != used.end(); ++i)
            r.key = r.name + "_" + std::to_string(i);
        used.push_back(r.key);
    }
}

}  // namespace

std::unique_ptr<db::Cursor> FacetSource::run(const std::string& facet_sql) const {
    auto statement = client_sql ? db::prepare_read_only(conn, facet_sql) : conn.prepare(facet_sql);
    return std::make_unique<db::Cursor>(conn, std::move(statement), params);
}

std::chrono::milliseconds facet_time_limit(const config::Settings& settings) {
    return std::chrono::milliseconds(std::min(settings.facet_time_limit_ms, settings.sql_time_limit_ms));
}

FacetResults compute_facets(const FacetSource& source, const FacetPlan& plan) {
    FacetResults out;
    Pairs pairs = QueryArgs::parse(source.request.query).all();
    // Datasette gives each facet facet_time_limit_ms and sets no total, so a URL naming
    // hundreds of facets could hold a worker for minutes; here they share sql_time_limit_ms
    // of CPU time, and those left when it is spent are reported as timed out, unrun.
    const auto started = db::thread_cpu_time();
    const std::chrono::nanoseconds budget = std::chrono::milliseconds(source.ctx.settings.sql_time_limit_ms);
    for (const auto& spec : plan.facets) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(budget - (db::thread_cpu_time() - started));
        auto rows = left.count() > 0
                        ? count_values(source, spec, plan.size + 1, std::min(facet_time_limit(source.ctx.settings), left))
                        : std::nullopt;
        if (!rows) {
            out.timed_out.push_back(spec.column);
            continue;
        }
        out.results.push_back(make_result(source, spec, pairs, std::move(*rows), plan.size));
    }
    assign_keys(out.results);
    return out;
}

}  // namespace liteserve::api
