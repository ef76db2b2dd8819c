// Argument checking for the table view: columns, sort, size, _next, _where, _through,
// filters, search.
#include "api/table_plan.h"

#include <algorithm>

#include "api/facet_plan.h"
#include "api/python_int.h"
#include "api/table_search.h"
#include "api/table_through.h"
#include "api/tilde.h"
#include "db/filters.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::vector<std::string> sortable_columns(const db::Table& table, const config::TableConfig& tc) {
    std::vector<std::string> sortable = tc.sortable_columns ? *tc.sortable_columns : table.column_names();
    if (table.uses_rowid()) sortable.push_back("rowid");
    return sortable;
}

std::optional<db::Sort> plan_sort(const db::Table& table, const config::TableConfig& tc, const QueryArgs& args) {
    auto sort = args.first("_sort");
    auto sort_desc = args.first("_sort_desc");
    if (sort && sort->empty()) sort.reset();
    if (sort_desc && sort_desc->empty()) sort_desc.reset();
    if (sort && sort_desc) throw bad_request("Cannot use _sort and _sort_desc at the same time");
    if (!sort && !sort_desc) {
        if (tc.sort) return db::Sort{*tc.sort, false};
        if (tc.sort_desc) return db::Sort{*tc.sort_desc, true};
        return std::nullopt;
    }
    const std::string& column = sort ? *sort : *sort_desc;
    if (!contains(sortable_columns(table, tc), column)) throw bad_request("Cannot sort table by " + column);
    return db::Sort{column, sort_desc.has_value()};
}

// Datasette's columns_to_select: _col gives the keys then the named columns in the order
// asked (each once); _nocol then removes columns from whatever that left (never a key).
std::vector<std::string> plan_columns(const db::Table& table, const QueryArgs& args) {
    auto all = table.column_names();
    std::vector<std::string> selected = all;
    if (args.has("_col")) {
        auto col = args.every("_col");
        std::vector<std::string> invalid;
        for (const auto& c : col)
            if (!contains(all, c)) invalid.push_back(c);
        if (!invalid.empty()) throw bad_request("_col=" + join_names(invalid) + " - invalid columns");
        selected = table.primary_keys;
        for (const auto& c : col)
            if (!contains(selected, c)) selected.push_back(c);
    }
    if (args.has("_nocol")) {
        auto nocol = args.every("_nocol");
        std::vector<std::string> invalid;
        for (const auto& c : nocol)
            if (!contains(all, c) || contains(table.primary_keys, c)) invalid.push_back(c);
        if (!invalid.empty()) throw bad_request("_nocol=" + join_names(invalid) + " - invalid columns");
        std::erase_if(selected, [&](const std::string& c) { return contains(nocol, c); });
    }
    return selected;
}

std::optional<db::PageAfter> plan_after(const TablePlan& plan, const std::string& token) {
    auto parts = urlsafe_components(token);
    db::PageAfter after;
    // Only a token of several parts leads with the sort value (Datasette's rule).
    if (plan.spec.sort && parts.size() > 1) {
        if (token.substr(0, token.find(',')) != "$null") after.sort_value = db::Value(parts.front());
        parts.erase(parts.begin());
    }
    if (plan.spec.use_rowid && parts.empty()) throw bad_request("Invalid _next token: " + token);
    for (auto& p : parts) after.key_values.emplace_back(std::move(p));
    return after;
}

std::int64_t view_offset(const std::string& token) {
    auto offset = python_int(token);
    if (!offset || *offset < 0) throw bad_request("Invalid _next token for a view: " + token);
    return *offset;
}

}  // namespace

std::int64_t parse_page_size(const std::optional<std::string>& value, std::int64_t default_size,
                             std::int64_t max_returned_rows) {
    if (!value || value->empty()) return std::min(default_size, max_returned_rows);
    if (*value == "max") return max_returned_rows;
    auto size = python_int(*value);
    if (!size || *size < 0) throw bad_request("_size must be a positive integer");
    if (*size > max_returned_rows) throw bad_request("_size must be <= " + std::to_string(max_returned_rows));
    return *size;
}

TablePlan plan_table(const Context& ctx, const std::string& database, const db::Schema& schema,
                     const db::Table& table, const QueryArgs& args) {
    const config::TableConfig& tc = ctx.table_config(database, table.name);
    TablePlan plan;
    plan.table = &table;
    if (auto shape = shape_named(args.first("_shape"))) plan.shape = *shape;
    else plan.invalid_shape = args.first("_shape");
    plan.newline_delimited = args.truthy("_nl");
    plan.extras = args.comma_list("_extra");
    check_facets_allowed(ctx.settings, args);
    if (asks_for_facets(args)) plan.extras.push_back("facet_results");  // as Datasette
    plan.nocount = args.truthy("_nocount");
    // A table's configured size stands in for a missing _size and is checked like one.
    std::optional<std::string> size = args.first("_size");
    if ((!size || size->empty()) && tc.size) size = std::to_string(*tc.size);
    plan.page_size = parse_page_size(size, ctx.settings.default_page_size, ctx.settings.max_returned_rows);

    db::SelectSpec& spec = plan.spec;
    spec.table = table.name;
    spec.is_view = table.is_view;
    spec.use_rowid = table.uses_rowid();
    spec.primary_keys = table.primary_keys;
    spec.columns = plan_columns(table, args);
    spec.sort = plan_sort(table, tc, args);
    spec.limit = plan.page_size + 1;

    auto filters = db::build_filters(table, args.without_underscore());
    spec.where = std::move(filters.clauses);
    spec.params = std::move(filters.params);
    for (auto& fragment : args.every("_where")) spec.where.push_back(fragment);
    auto through = plan_through(schema, table, args, spec.params.size());
    spec.where.insert(spec.where.end(), through.where.begin(), through.where.end());
    spec.params.insert(spec.params.end(), through.params.begin(), through.params.end());
    // Search comes after the filters and _where, and its parameters before the keyset's
    // p{N}, whose N counts them: the order Datasette's filters_from_request hooks give.
    auto search = plan_search(tc, schema, table, args);
    spec.where.insert(spec.where.end(), search.where.begin(), search.where.end());
    spec.params.insert(spec.params.end(), search.params.begin(), search.params.end());
    plan.search_descriptions = std::move(through.descriptions);
    plan.search_descriptions.insert(plan.search_descriptions.end(), search.descriptions.begin(),
                                    search.descriptions.end());

    if (spec.use_rowid) plan.columns.push_back("rowid");
    plan.columns.insert(plan.columns.end(), spec.columns.begin(), spec.columns.end());
    // The sort column may be missing from a _col selection: it is fetched last, unshown,
    // because the next token needs its value.
    if (spec.sort && !contains(plan.columns, spec.sort->column)) spec.columns.push_back(spec.sort->column);
    plan.key_columns = spec.use_rowid ? std::vector<std::string>{"rowid"} : table.primary_keys;

    plan.format = cell_format(args, plan.columns);

    if (auto next = args.first("_next"); next && !next->empty()) {
        plan.next_token = *next;
        if (table.is_view) spec.offset = view_offset(*next);
        else spec.after = plan_after(plan, *next);
    }
    return plan;
}

}  // namespace liteserve::api
