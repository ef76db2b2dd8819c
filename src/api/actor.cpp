// Resolving the request's actor at the edge (clock, header, settings) over the pure token
// functions in auth/, and writing it in Datasette's actor shape.
#include "api/actor.h"

#include <chrono>

#include "auth/tokens.h"

namespace liteserve::api {
namespace {

void write_restrictions(JsonWriter& w, const auth::Restrictions& r) {
    w.begin_object();
    if (!r.all.empty()) w.key("a").strings(r.all);
    if (!r.databases.empty()) {
        w.key("d").begin_object();
        for (const auto& db : r.databases) w.key(db.database).strings(db.actions);
        w.end_object();
    }
    if (!r.resources.empty()) {
        w.key("r").begin_object();
        for (const auto& db : r.resources) {
            w.key(db.database).begin_object();
            for (const auto& resource : db.resources) w.key(resource.resource).strings(resource.actions);
            w.end_object();
        }
        w.end_object();
    }
    w.end_object();
}

}  // namespace

std::optional<auth::Actor> request_actor(const Context& ctx, const Request& request) {
    auto authorization = request.header("authorization");
    if (!authorization) return std::nullopt;
    auth::TokenPolicy policy{ctx.settings.allow_signed_tokens, ctx.settings.max_signed_tokens_ttl};
    double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return auth::actor_from_authorization(*authorization, ctx.secret, policy, now);
}

void write_actor(JsonWriter& w, const std::optional<auth::Actor>& actor) {
    if (!actor) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("id").string(actor->id);
    w.key("token").string(actor->token);
    if (actor->restrictions) {
        w.key("_r");
        write_restrictions(w, *actor->restrictions);
    }
    if (actor->token_expires) w.key("token_expires").integer(*actor->token_expires);
    w.end_object();
}

}  // namespace liteserve::api
