// Reading written rows back and writing them as JSON objects.
#include "api/written_rows.h"

#include "api/cells.h"
#include "db/cursor.h"

namespace liteserve::api {

void fetch_rows(db::Connection& conn, std::string_view sql, const db::Params& params, WrittenRows& into) {
    db::Cursor cursor(conn, sql, params);
    while (cursor.step()) {
        WrittenRow row;
        row.columns = cursor.column_names();
        for (int i = 0; i < cursor.column_count(); ++i) row.values.push_back(cursor.value(i));
        into.push_back(std::move(row));
    }
}

void write_row_object(JsonWriter& w, const WrittenRow& row) {
    w.begin_object();
    for (std::size_t i = 0; i < row.columns.size() && i < row.values.size(); ++i) {
        w.key(row.columns[i]);
        write_value(w, row.values[i]);
    }
    w.end_object();
}

void write_row_objects(JsonWriter& w, const WrittenRows& rows) {
    w.begin_array();
    for (const auto& row : rows) write_row_object(w, row);
    w.end_array();
}

}  // namespace liteserve::api
