// Permission checks as views use them: the request's actor against the instance's policy
// and configured rules (auth::allowed decides; this file only gathers the inputs and turns a
// denial into Datasette's 403).
#pragma once

#include <optional>
#include <string_view>

#include "api/context.h"
#include "auth/actor.h"
#include "auth/permissions.h"
#include "liteserve/request.h"

namespace liteserve::api {

bool can(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view action,
         const auth::Resource& resource);

// Datasette's visibility chain for reading a resource: view-instance, then view-database
// when the resource is in a database, then `view_action` (view-table or view-query) when it is
// a table, view or stored query. "If a user cannot access a specific database, they will not
// be able to access tables, views or queries within that database."
bool can_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
              const auth::Resource& resource);
// Datasette's "private" flag for something the actor can see: anonymous requests cannot.
bool is_private(const Context& ctx, std::string_view view_action, const auth::Resource& resource);
// can_view, or HttpError 403 with Datasette's message for that kind of resource.
void require_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
                  const auth::Resource& resource);

// The table page: view-table on the table (403 "You do not have permission to view
// this table"), and execute-sql on its database when the request has ?_where= (403 "_where= is
// not allowed", as Datasette).
void require_table_read(const Context& ctx, const Request& request, const std::string& database,
                        const std::string& table);
// The SQL query page: view-database, then execute-sql on the database (403 "execute-sql").
void require_sql(const Context& ctx, const Request& request, const std::string& database);

}  // namespace liteserve::api
