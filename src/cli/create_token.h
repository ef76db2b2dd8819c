// `liteserve create-token ACTOR --secret S [-e SECONDS] [-a ACTION]… [-d DB ACTION]…
// [-r DB RESOURCE ACTION]… [--debug]`: Datasette's create-token command.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "auth/restrictions.h"

namespace liteserve::cli {

struct CreateTokenCommand {
    std::string actor;
    std::string secret;
    std::int64_t expires_after = 0;   // seconds; 0: the token has no lifetime of its own
    auth::Restrictions restrictions;  // actions already abbreviated as tokens store them
    std::vector<std::string> unknown_actions;  // stored as given; run_create_token warns
    bool debug = false;               // also print the decoded payload (on stderr)
    bool help = false;
};

// Parses the arguments after "create-token". `env_secret` ($DATASETTE_SECRET) is used when
// --secret is not given. Throws std::invalid_argument with a one-line message for a missing
// actor or secret or a malformed option. An unknown action is kept as given (Datasette
// warns and stores it: "vi" then still works as view-instance's abbreviation).
CreateTokenCommand parse_create_token(std::vector<std::string> args, std::optional<std::string> env_secret);
std::string create_token_help();
// Runs the command: the token on `out` (its last line), --debug output on `err`. `now` is
// the creation time (Unix seconds). Returns the exit code.
int run_create_token(const CreateTokenCommand& cmd, std::int64_t now, std::ostream& out, std::ostream& err);

}  // namespace liteserve::cli
