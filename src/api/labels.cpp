// Foreign-key label expansion: Datasette's expand_foreign_keys with its matching rules (a
// label belongs to a value when Python would find the value as a dict key).
#include "api/labels.h"

#include <algorithm>
#include <unordered_set>

#include "db/cursor.h"
#include "db/quote.h"

namespace liteserve::api {
namespace {

// Python's dict key equality, which Datasette relies on to pair a value with its label:
// 1 and 1.0 are one key, the text "1" and the integer 1 are two.
std::string match_key(const db::Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) return "n";
            else if constexpr (std::is_same_v<T, std::int64_t>) return "i" + std::to_string(v);
            else if constexpr (std::is_same_v<T, double>) {
                if (v >= -9.2e18 && v <= 9.2e18 && v == static_cast<double>(static_cast<std::int64_t>(v)))
                    return "i" + std::to_string(static_cast<std::int64_t>(v));
                return "f" + value_to_text(v);
            } else if constexpr (std::is_same_v<T, std::string>) return "s" + v;
            else return "b" + v.bytes;
        },
        value);
}

// The referenced column, or the referenced table's primary key when the constraint names
// none (REFERENCES t); nullopt when that does not resolve to one existing column.
std::optional<std::string> referenced_column(const db::ForeignKey& fk, const db::Table& other) {
    if (fk.other_column) {
        if (other.has_column(*fk.other_column)) return fk.other_column;
        return std::nullopt;
    }
    if (other.primary_keys.size() == 1) return other.primary_keys.front();
    return std::nullopt;
}

// The distinct non-NULL values of result column `index` in the page.
std::vector<db::Value> distinct_values(const std::vector<std::vector<db::Value>>& rows, int index) {
    std::vector<db::Value> values;
    std::unordered_set<std::string> seen;
    for (const auto& row : rows) {
        const db::Value& v = row[static_cast<std::size_t>(index)];
        if (!std::holds_alternative<std::nullptr_t>(v) && seen.insert(match_key(v)).second) values.push_back(v);
    }
    return values;
}

// select other_column, label_column from other_table where other_column in (:p0, …). The
// statement is prepared, not cached: its text changes with the number of values, and it
// would push the page's own statements out of the connection's cache. Running out of time
// here is the request's error (Datasette drops the labels instead): the budget is shared by
// the whole request, so nothing after it could run anyway.
std::unordered_map<std::string, db::Value> lookup_labels(db::Connection& conn, const Expandable& fk,
                                                         const std::vector<db::Value>& values) {
    std::unordered_map<std::string, db::Value> labels;
    if (values.empty()) return labels;
    std::string key = db::quote_identifier(fk.other_column);
    std::string sql = "select " + key + ", " + db::quote_identifier(*fk.label_column) + " from " +
                      db::quote_identifier(fk.other_table) + " where " + key + " in (";
    db::Params params;
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string name = "p" + std::to_string(i);
        sql += (i ? ", :" : ":") + name;
        params.emplace_back(std::move(name), values[i]);
    }
    sql += ")";
    db::Cursor cursor(conn, conn.prepare(sql), params);
    // As a Python dict built row by row: a repeated key keeps its last label.
    while (cursor.step()) labels.insert_or_assign(match_key(cursor.value(0)), cursor.value(1));
    return labels;
}

}  // namespace

std::optional<std::string> label_column_for(const Context& ctx, const std::string& database,
                                            const db::Table& table) {
    // A configured column that the table does not have would only turn every labelled
    // request into a SQL error, so detection takes over instead.
    const auto& configured = ctx.table_config(database, table.name).label_column;
    if (configured && table.has_column(*configured)) return configured;
    return db::detect_label_column(table);
}

std::vector<Expandable> expandable_columns(const Context& ctx, const std::string& database,
                                           const db::Schema& schema, const db::Table& table) {
    // Datasette's foreign_keys_for_table keeps PRAGMA foreign_key_list order (by id), not the
    // sorted order of the catalog.
    std::vector<const db::ForeignKey*> keys;
    for (const auto& fk : table.outgoing) keys.push_back(&fk);
    std::stable_sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return a->id < b->id; });
    std::vector<Expandable> out;
    for (const auto* key : keys) {
        const db::ForeignKey& fk = *key;
        const db::Table* other = schema.find(fk.other_table);
        if (!other) continue;
        auto other_column = referenced_column(fk, *other);
        if (!other_column) continue;
        out.push_back({fk.column, other->name, *other_column, label_column_for(ctx, database, *other)});
    }
    return out;
}

void write_expandable_columns(JsonWriter& w, const std::vector<Expandable>& expandables) {
    w.begin_array();
    for (const auto& e : expandables) {
        w.begin_array().begin_object();
        w.key("column").string(e.column);
        w.key("other_table").string(e.other_table);
        w.key("other_column").string(e.other_column);
        w.end_object();
        if (e.label_column) w.string(*e.label_column); else w.null();
        w.end_array();
    }
    w.end_array();
}

std::vector<LabelColumn> columns_to_expand(const Context& ctx, const std::string& database,
                                           const db::Schema& schema, const db::Table& table,
                                           const std::vector<std::string>& columns, const QueryArgs& args) {
    bool by_name = args.has("_label");
    if (!by_name && !args.flag("_labels")) return {};  // anything but on/true/1 is off
    auto named = args.every("_label");
    std::vector<LabelColumn> out;
    for (auto& fk : expandable_columns(ctx, database, schema, table)) {
        if (by_name && std::find(named.begin(), named.end(), fk.column) == named.end()) continue;
        auto at = std::find(columns.begin(), columns.end(), fk.column);
        if (at == columns.end()) continue;  // left out by _col / _nocol
        out.push_back({static_cast<int>(at - columns.begin()), std::move(fk)});
    }
    return out;
}

PageLabels PageLabels::fetch(db::Connection& conn, const std::vector<LabelColumn>& columns,
                             const std::vector<std::vector<db::Value>>& rows) {
    PageLabels page;
    for (const auto& c : columns) {
        Column column{c.index, !c.fk.label_column, {}};
        // Without a label column Datasette labels every value with itself: no query needed.
        if (!column.values_are_labels) column.labels = lookup_labels(conn, c.fk, distinct_values(rows, c.index));
        page.columns_.push_back(std::move(column));
    }
    return page;
}

std::optional<db::Value> PageLabels::find(int index, const db::Value& value) const {
    if (std::holds_alternative<std::nullptr_t>(value)) return std::nullopt;
    for (const auto& c : columns_) {
        if (c.index != index) continue;
        if (c.values_are_labels) return db::Value(value_to_text(value));
        auto it = c.labels.find(match_key(value));
        if (it == c.labels.end()) return std::nullopt;
        return it->second;
    }
    return std::nullopt;
}

void write_labeled_cell(JsonWriter& w, const std::vector<db::Value>& row, int column,
                        const CellFormat& format, const PageLabels& labels) {
    const db::Value& value = row[static_cast<std::size_t>(column)];
    auto label = labels.find(column, value);
    if (!label) return write_cell(w, value, column, format);
    // The value keeps its infinity rule but is never parsed as _json: Datasette only parses
    // cells that are still strings.
    w.begin_object();
    w.key("value");
    write_cell(w, value, column, CellFormat{{}, format.json_infinity});
    w.key("label");
    write_value(w, *label);
    w.end_object();
}

}  // namespace liteserve::api
