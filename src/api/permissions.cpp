// Gathering the policy and the configured rules for auth::allowed from the Context, and the
// 403s the read views answer with.
#include "api/permissions.h"

#include "api/actor.h"
#include "api/query_args.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

HttpError forbidden(std::string message) { return HttpError(403, std::move(message), "Forbidden"); }

std::string denial(std::string_view view_action, const auth::Resource& resource) {
    if (resource.database.empty()) return "view-instance";
    if (resource.child.empty()) return "You do not have permission to view this database";
    if (view_action == "view-query") return "You do not have permission to view this query";
    return "You do not have permission to view this table";
}

}  // namespace

bool can(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view action,
         const auth::Resource& resource) {
    auth::PermissionPolicy policy{ctx.root_enabled, ctx.settings.default_allow_sql, ctx.default_deny};
    return auth::allowed(policy, ctx.config.permissions, {actor, action, resource});
}

// One action per page, as Datasette 1.0a33's check_visibility: a table needs view-table (whose
// rules cascade from the table to its database to the instance), not view-database or
// view-instance as well.
bool can_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
              const auth::Resource& resource) {
    if (resource.database.empty()) return can(ctx, actor, "view-instance", {});
    if (resource.child.empty()) return can(ctx, actor, "view-database", resource);
    return can(ctx, actor, view_action, resource);
}

bool is_private(const Context& ctx, std::string_view view_action, const auth::Resource& resource) {
    return !can_view(ctx, std::nullopt, view_action, resource);
}

void require_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
                  const auth::Resource& resource) {
    if (!can_view(ctx, actor, view_action, resource)) throw forbidden(denial(view_action, resource));
}

void require_table_read(const Context& ctx, const Request& request, const std::string& database,
                        const std::string& table) {
    ctx.database(database);  // an unknown database is a 404 before any 403
    auto actor = request_actor(ctx, request);
    require_view(ctx, actor, "view-table", {database, table});
    if (QueryArgs::parse(request.query).has("_where") && !can(ctx, actor, "execute-sql", {database, {}}))
        throw HttpError(403, "_where= is not allowed");
}

void require_sql(const Context& ctx, const Request& request, const std::string& database) {
    ctx.database(database);
    // execute-sql also requires view-database (auth::allowed checks also_requires).
    if (!can(ctx, request_actor(ctx, request), "execute-sql", {database, {}})) throw forbidden("execute-sql");
}

}  // namespace liteserve::api
