// Counting rows for listings with a per-table time budget, as Datasette does.
#include "api/table_summary.h"

#include <algorithm>

#include "api/permissions.h"
#include "db/cursor.h"
#include "db/quote.h"

namespace liteserve::api {
namespace {

// A listing should not stall on a huge table: each count gets this long, then shows null.
constexpr std::chrono::milliseconds kCountBudget{50};

std::optional<std::int64_t> count_rows(db::Connection& conn, const db::Table& table) {
    try {
        conn.set_limits(kCountBudget, nullptr);
        db::Cursor cursor(conn, "select count(*) from " + db::quote_identifier(table.name), {});
        std::optional<std::int64_t> count;
        if (cursor.step()) count = cursor.integer(0);
        conn.clear_limits();
        return count;
    } catch (const std::exception&) {
        conn.clear_limits();
        return std::nullopt;
    }
}

}  // namespace

void write_summary_fields(JsonWriter& w, const TableSummary& s) {
    w.key("name").string(s.table->name);
    w.key("columns").strings(s.table->column_names());
    w.key("primary_keys").strings(s.table->primary_keys);
    w.key("count");
    if (s.count) w.integer(*s.count); else w.null();
    w.key("hidden").boolean(s.hidden);
    w.key("fts_table");
    if (s.table->fts_table) w.string(*s.table->fts_table); else w.null();
}

std::vector<TableSummary> summarize_tables(const Context& ctx, const std::optional<auth::Actor>& actor,
                                           const std::string& database, const db::Schema& schema,
                                           db::Connection& conn) {
    std::vector<TableSummary> out;
    for (const auto& t : schema.tables) {
        if (t.is_view || !can(ctx, actor, "view-table", {database, t.name})) continue;
        bool hidden = t.fts_hidden || ctx.table_config(database, t.name).hidden;
        out.push_back({&t, count_rows(conn, t), hidden, is_private(ctx, "view-table", {database, t.name})});
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.hidden != b.hidden ? !a.hidden : a.table->name < b.table->name;
    });
    return out;
}

}  // namespace liteserve::api
