// Executes a table page with one cursor: rows are rendered as they are stepped, and only
// the key of the last row shown is kept to build the next token. Pages with foreign-key
// labels are the exception: they are buffered, labelled, then rendered.
#include "api/table_page.h"

#include <algorithm>

#include "api/tilde.h"
#include "db/cursor.h"
#include "db/sql_guard.h"

namespace liteserve::api {
namespace {

int index_of(const std::vector<std::string>& names, const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

struct KeyColumns {
    std::vector<int> keys;  // result column of each key value
    int sort = -1;          // result column of the sort value
};

KeyColumns key_columns(const TablePlan& plan) {
    KeyColumns k;
    std::vector<std::string> result = plan.columns;
    if (plan.spec.sort && index_of(result, plan.spec.sort->column) < 0) result.push_back(plan.spec.sort->column);
    for (const auto& key : plan.key_columns) k.keys.push_back(index_of(result, key));
    if (plan.spec.sort) k.sort = index_of(result, plan.spec.sort->column);
    return k;
}

std::vector<db::Value> key_values(const db::Cursor& cursor, const KeyColumns& k) {
    std::vector<db::Value> values;
    for (int i : k.keys) values.push_back(i >= 0 ? cursor.value(i) : db::Value(nullptr));
    return values;
}

std::string next_token(const TablePlan& plan, const db::Cursor& cursor, const KeyColumns& k) {
    if (plan.spec.is_view) return std::to_string(plan.spec.offset + plan.page_size);
    std::string token = row_key_path(key_values(cursor, k));
    if (!plan.spec.sort) return token;
    db::Value sort_value = cursor.value(k.sort);
    std::string prefix = std::holds_alternative<std::nullptr_t>(sort_value)
                             ? "$null" : tilde_encode(value_to_text(sort_value));
    return prefix + "," + token;
}

// The row's key, for the object shape only (other shapes do not show it).
std::string object_key(const TablePlan& plan, const db::Cursor& cursor, const KeyColumns& k) {
    return plan.shape == Shape::Object ? row_key_path(key_values(cursor, k)) : std::string();
}

std::vector<db::Value> row_values(const db::Cursor& cursor) {
    std::vector<db::Value> values;
    values.reserve(static_cast<std::size_t>(cursor.column_count()));
    for (int i = 0; i < cursor.column_count(); ++i) values.push_back(cursor.value(i));
    return values;
}

// Steps through one page, handing each row shown to `on_row`; returns the next-page token
// when a row follows the page.
template <class OnRow>
std::optional<std::string> step_page(db::Cursor& cursor, const TablePlan& plan, const KeyColumns& k,
                                     std::size_t& count, const OnRow& on_row) {
    while (cursor.step()) {
        if (plan.page_size == 0) break;
        on_row(cursor);
        ++count;
        if (static_cast<std::int64_t>(count) == plan.page_size) {
            std::string token = next_token(plan, cursor, k);
            if (cursor.step()) return token;
            break;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string row_key_path(const std::vector<db::Value>& key_values) {
    std::string path;
    for (std::size_t i = 0; i < key_values.size(); ++i) {
        if (i) path += ',';
        path += tilde_encode(value_to_text(key_values[i]));
    }
    return path;
}

TablePage run_table_page(db::Connection& conn, const TablePlan& plan, const db::SelectSql& sql,
                         bool client_sql, const std::vector<LabelColumn>& labels) {
    KeyColumns k = key_columns(plan);
    TablePage page;
    JsonWriter w(page.rows_json);
    RowWriter writer(plan.shape, plan.newline_delimited, plan.columns, plan.format);
    auto cursor = client_sql ? std::make_unique<db::Cursor>(conn, db::prepare_read_only(conn, sql.sql), sql.params)
                             : std::make_unique<db::Cursor>(conn, sql.sql, sql.params);
    if (labels.empty()) {
        writer.begin(w);
        page.next = step_page(*cursor, plan, k, page.row_count,
                              [&](const db::Cursor& c) { writer.row(w, c, object_key(plan, c, k)); });
        writer.end(w);
        return page;
    }
    // Labels are looked up for the whole page at once, so its rows (at most
    // max_returned_rows) are read into memory before the first one is written.
    std::vector<std::vector<db::Value>> rows;
    std::vector<std::string> keys;
    page.next = step_page(*cursor, plan, k, page.row_count, [&](const db::Cursor& c) {
        rows.push_back(row_values(c));
        keys.push_back(object_key(plan, c, k));
    });
    PageLabels found = PageLabels::fetch(conn, labels, rows);
    writer.begin(w);
    for (std::size_t i = 0; i < rows.size(); ++i)
        writer.row_cells(w, [&](JsonWriter& out, int column) {
            write_labeled_cell(out, rows[i], column, plan.format, found);
        }, keys[i]);
    writer.end(w);
    return page;
}

}  // namespace liteserve::api
