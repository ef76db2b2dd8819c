// Gathering the policy for auth::allowed from the Context.
#include "api/permissions.h"

#include "liteserve/error.h"

namespace liteserve::api {

bool can(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view action,
         const auth::Resource& resource) {
    auth::PermissionPolicy policy;
    policy.root_enabled = ctx.root_enabled;
    policy.default_allow_sql = ctx.settings.default_allow_sql;
    return auth::allowed(policy, {actor, action, resource});
}

void require_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
                  const auth::Resource& resource) {
    bool visible = can(ctx, actor, "view-instance", {}) &&
                   (resource.database.empty() || can(ctx, actor, "view-database", {resource.database, {}})) &&
                   (resource.child.empty() || can(ctx, actor, view_action, resource));
    if (!visible) throw HttpError(403, "Permission denied", "Forbidden");
}

}  // namespace liteserve::api
