// Datasette's "allow blocks": who a configuration rule is for. `true` (everyone), `false`
// (no one), or an object of actor keys to a value or a list of values: {"id": "alice"},
// {"id": ["alice", "bob"]}, {"id": "*"} (any actor with an id), {"unauthenticated": true}
// (anonymous requests only). Keys are alternatives: an actor matching any one is allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"

namespace liteserve::auth {

// A JSON scalar from an allow block or an actor, compared as Python compares them: text
// equals text, numbers and booleans compare by value (true == 1), null equals null.
struct AllowScalar {
    enum class Type { Null, Bool, Number, String };
    Type type = Type::Null;
    double number = 0;  // Bool: 0 or 1
    std::string text;   // String
    bool operator==(const AllowScalar& other) const;
};

struct AllowBlock {
    enum class Kind { Everyone, NoOne, Match };
    struct Condition {
        std::string key;
        std::vector<AllowScalar> values;
        bool is_list = false;  // written as a list (a lone "*" or true only counts when not)
    };
    Kind kind = Kind::Match;
    std::vector<Condition> conditions;  // Match only, in file order
};

// Parses an allow block from its JSON text. Throws std::invalid_argument with a short
// description of the expected shape when it is not true, false or an object whose values are
// scalars or lists of scalars.
AllowBlock parse_allow_block(std::string_view json);

// Datasette's actor_matches_allow. The actor's keys are those of its Datasette actor dict:
// "id", "token", "token_expires" and "_r" (which only "*" can match).
bool actor_matches_allow(const std::optional<Actor>& actor, const AllowBlock& allow);

}  // namespace liteserve::auth
