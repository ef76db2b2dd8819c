// SQL text assembly for table pages. Every identifier goes through quote_identifier.
#include "db/select_builder.h"

#include "db/quote.h"

namespace liteserve::db {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += separator;
        out += parts[i];
    }
    return out;
}

std::string param_name(std::size_t index) { return "p" + std::to_string(index); }

std::string where_text(const std::vector<std::string>& clauses) {
    return clauses.empty() ? std::string() : "where " + join(clauses, " and ") + " ";
}

std::string key_order(const SelectSpec& spec) {
    if (spec.use_rowid) return "rowid";
    std::vector<std::string> quoted;
    for (const auto& pk : spec.primary_keys) quoted.push_back(quote_identifier(pk));
    return join(quoted, ", ");
}

// Adds the keyset clause for `after` and returns the ORDER BY it needs.
std::string add_keyset(const SelectSpec& spec, std::vector<std::string>& where, Params& params) {
    const PageAfter& after = *spec.after;
    std::vector<std::string> key_clauses;
    std::size_t first = params.size();
    if (spec.use_rowid) {
        key_clauses.push_back("rowid > :" + param_name(first));
        params.emplace_back(param_name(first), after.key_values.at(0));
    } else if (after.key_values.size() == spec.primary_keys.size()) {
        key_clauses.push_back(compound_keys_after(spec.primary_keys, first));
        for (std::size_t i = 0; i < after.key_values.size(); ++i)
            params.emplace_back(param_name(first + i), after.key_values[i]);
    }
    if (!spec.sort) {
        where.insert(where.end(), key_clauses.begin(), key_clauses.end());
        return key_order(spec);
    }
    std::string column = quote_identifier(spec.sort->column);
    std::string keys = join(key_clauses, " and ");
    if (!after.sort_value) {
        where.push_back(spec.sort->descending
                            ? "(" + column + " is null and " + keys + ")"
                            : "(" + column + " is not null or (" + column + " is null and " + keys + "))");
    } else {
        std::string p = param_name(params.size());
        std::string op = spec.sort->descending ? " < " : " > ";
        std::string nulls = spec.sort->descending ? " or " + column + " is null" : "";
        where.push_back("(" + column + op + ":" + p + nulls + " or (" + column + " = :" + p + " and " + keys + "))");
        params.emplace_back(p, *after.sort_value);
    }
    return column + (spec.sort->descending ? " desc" : "") + ", " + key_order(spec);
}

}  // namespace

std::string compound_keys_after(const std::vector<std::string>& keys, std::size_t first_param) {
    std::vector<std::string> alternatives;
    for (std::size_t len = 1; len <= keys.size(); ++len) {
        std::vector<std::string> ands;
        for (std::size_t i = 0; i + 1 < len; ++i)
            ands.push_back(quote_identifier(keys[i]) + " = :" + param_name(first_param + i));
        ands.push_back(quote_identifier(keys[len - 1]) + " > :" + param_name(first_param + len - 1));
        alternatives.push_back("(" + join(ands, " and ") + ")");
    }
    return "(" + join(alternatives, "\n  or\n") + ")";
}

SelectSql build_select(const SelectSpec& spec) {
    SelectSql out;
    std::string table = quote_identifier(spec.table);
    out.from_sql = "from " + table + " " + where_text(spec.where);
    out.count_sql = "select count(*) " + out.from_sql;

    std::vector<std::string> where = spec.where;
    out.params = spec.params;
    std::string order_by;
    if (spec.sort) order_by = quote_identifier(spec.sort->column) + (spec.sort->descending ? " desc" : "");
    else if (!spec.is_view) order_by = key_order(spec);
    if (spec.after && !spec.is_view) order_by = add_keyset(spec, where, out.params);
    else if (spec.every_row && spec.sort && !spec.is_view) order_by += ", " + key_order(spec);

    std::vector<std::string> select;
    if (spec.use_rowid) select.push_back("rowid");
    for (const auto& c : spec.columns) select.push_back(quote_identifier(c));
    out.page_where = where_text(where);
    out.sql = "select " + join(select, ", ") + " from " + table + " " + out.page_where +
              (order_by.empty() ? "" : "order by " + order_by);
    if (spec.every_row) return out;
    out.sql += " limit " + std::to_string(spec.limit) +
               (spec.is_view && spec.offset > 0 ? " offset " + std::to_string(spec.offset) : "");
    return out;
}

}  // namespace liteserve::db
