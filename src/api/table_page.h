// Running a planned table query: rows rendered in the requested shape, plus what the
// envelope needs (whether a next page exists and its token).
#pragma once

#include <optional>
#include <string>

#include "api/labels.h"
#include "api/table_plan.h"
#include "db/connection.h"
#include "db/select_builder.h"

namespace liteserve::api {

struct TablePage {
    std::string rows_json;              // the rendered rows container (shape-specific)
    std::optional<std::string> next;    // the next-page token, when there is a next page
    std::size_t row_count = 0;
};

// `labels` are the result columns to expand into {"value", "label"} (see labels.h).
TablePage run_table_page(db::Connection& conn, const TablePlan& plan, const db::SelectSql& sql,
                         bool client_sql, const std::vector<LabelColumn>& labels = {});

// Datasette's path_from_row_pks: the tilde-encoded key values joined with ",".
std::string row_key_path(const std::vector<db::Value>& key_values);

}  // namespace liteserve::api
