// The table a row write addresses and how its writes run: Datasette's 404s and 403s in the
// write error shape, and one Writer::run job per request, so a request is applied whole or
// not at all and is answered only once it is durable.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/context.h"
#include "api/row_values.h"
#include "auth/actor.h"
#include "db/catalog.h"
#include "db/connection.h"
#include "liteserve/request.h"

namespace liteserve::api {

// Datasette words its 404s differently in the table views (insert, upsert: "Table not found")
// and in the row views (update, delete: "Table not found: name", "Database not found: name").
enum class NotFoundWording { TableView, RowView };

struct WriteTarget {
    const Context* ctx = nullptr;
    db::Database* database = nullptr;
    std::string db_name;
    // The catalog's entry: as it was when the request arrived, then as the writer sees it
    // (refresh_table), with the columns "alter" added.
    db::Table table;
    std::int64_t schema_version = -1;
    std::optional<auth::Actor> actor;
    NotFoundWording wording = NotFoundWording::TableView;

    // api::can for the request's actor on (database, table).
    bool can(std::string_view action) const;
    // WriteFailure 403 with `message` unless the actor may do `action`.
    void require(std::string_view action, std::string_view message) const;
    // WriteFailure 403 for immutable files ("Database is immutable", as Datasette) and for the
    // in-memory database, which has no writer.
    void require_writable() const;
};

// The request's database and table ({db}, {table}), its actor and the table's schema entry.
// WriteFailure 404 for an unknown database or table, and for a view.
WriteTarget resolve_target(const Context& ctx, const Request& request, NotFoundWording wording);
// The target of a database-level write (create, execute-write): the {db} and the actor, no
// table. Throws HttpError 404 "Database not found".
WriteTarget database_target(const Context& ctx, const Request& request);

// Runs `job` on the database's writer as one all-or-nothing step of a transaction and returns
// once it is durable. A SQLite error inside the job becomes WriteFailure(`sql_error_status`, or
// 400 for a broken constraint; SQLite's message) and undoes the whole job; a failed commit is
// a 500.
void run_write(WriteTarget& target, const std::function<void(db::Connection&)>& job, int sql_error_status = 400);

// Inside a job: re-reads the table when the schema changed since the request arrived (404 when
// it is gone). True when it changed, so that checks made against the old entry are repeated.
bool refresh_table(db::Connection& conn, WriteTarget& target);

// Inside a job: ALTER TABLE ADD COLUMN for each column, recorded in target.table. WriteFailure
// 400 for a name SQLite cannot hold (empty, or with a NUL character).
void add_columns(db::Connection& conn, WriteTarget& target, const std::vector<NewColumn>& columns);

}  // namespace liteserve::api
