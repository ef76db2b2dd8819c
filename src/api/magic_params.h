// Datasette's magic parameters for stored queries: a named parameter ":_PREFIX_SUFFIX" whose
// prefix is header, actor, cookie, now or random takes its value from the request rather
// than from the query string (docs: "Magic parameters"). Pure functions over plain inputs,
// so the clock and the random source can be fixed by tests.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/actor.h"
#include "db/value.h"

namespace liteserve::api {

struct MagicInputs {
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::optional<auth::Actor> actor;
    std::chrono::system_clock::time_point now;
    std::function<std::string(std::size_t count)> random_hex;  // `count` random hex digits
};

// "_header_user_agent" → prefix "header", suffix "user_agent", when the prefix is one of the
// five; nullopt for any other name (as Datasette: it needs a leading "_" and two "_" at least).
std::optional<std::pair<std::string_view, std::string_view>> split_magic(std::string_view name);

// The value of a magic parameter, or nullopt when it has none for this request (Datasette's
// KeyError): no actor or no such actor key, no such cookie, an unknown _now_ or _random_
// suffix. Then an ordinary value of that name, if the request gave one, is used instead.
//   _header_NAME          the header NAME with "_" read as "-"; "" when absent
//   _actor_id|token|token_expires   the actor's fields
//   _cookie_NAME          the cookie NAME from the Cookie header
//   _now_epoch            Unix seconds (integer); _now_date_utc "2024-01-31";
//   _now_datetime_utc     "2024-01-31T12:00:00Z"
//   _random_chars_N       N random hex digits
std::optional<db::Value> resolve_magic(std::string_view name, const MagicInputs& inputs);

// Whether `sql` names any magic parameter (":_now_epoch", "@_header_x" …): its results then
// depend on more than the data and the URL.
bool sql_uses_magic(std::string_view sql);

}  // namespace liteserve::api
