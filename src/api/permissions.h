// Permission checks as views use them: the request's actor against the instance's policy
// and configuration (auth::allowed decides; this file only gathers the inputs).
#pragma once

#include <optional>
#include <string_view>

#include "api/context.h"
#include "auth/actor.h"
#include "auth/permissions.h"

namespace liteserve::api {

bool can(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view action,
         const auth::Resource& resource);

// Datasette's visibility check for reading a resource: the most specific of view-table (or
// view-query), view-database and view-instance that has an opinion decides. Throws
// HttpError 403 when the actor may not see it.
void require_view(const Context& ctx, const std::optional<auth::Actor>& actor, std::string_view view_action,
                  const auth::Resource& resource);

}  // namespace liteserve::api
