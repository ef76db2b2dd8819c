// Who is asking: the actor of a request, resolved from its Authorization header with the
// App's secret and token settings (Datasette's actor_from_request), and its JSON form.
#pragma once

#include <optional>

#include "api/context.h"
#include "api/json_writer.h"
#include "auth/actor.h"
#include "liteserve/request.h"

namespace liteserve::api {

// The request's actor: a valid "Authorization: Bearer dstok_…" token's, else nullopt
// (anonymous). Reads the clock; views call it once, when they need the actor.
std::optional<auth::Actor> request_actor(const Context& ctx, const Request& request);
// Writes the actor as Datasette shows it ({"id", "token", "_r", "token_expires"} or null).
void write_actor(JsonWriter& w, const std::optional<auth::Actor>& actor);

}  // namespace liteserve::api
