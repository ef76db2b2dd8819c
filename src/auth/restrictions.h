// What a restricted token may do (Datasette's "_r"): actions allowed everywhere ("a"), on a
// database ("d") or on one resource of a database ("r": a table, view or stored query).
// Actions are kept as the token spells them (usually abbreviated, see auth/actions.h), and
// databases and resources in order of first mention, as Datasette writes them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace liteserve::auth {

struct Restrictions {
    struct DatabaseActions {
        std::string database;
        std::vector<std::string> actions;
        bool operator==(const DatabaseActions&) const = default;
    };
    struct ResourceActions {
        std::string resource;
        std::vector<std::string> actions;
        bool operator==(const ResourceActions&) const = default;
    };
    struct DatabaseResources {
        std::string database;
        std::vector<ResourceActions> resources;
        bool operator==(const DatabaseResources&) const = default;
    };

    std::vector<std::string> all;              // "a"
    std::vector<DatabaseActions> databases;    // "d"
    std::vector<DatabaseResources> resources;  // "r"

    void allow_all(std::string action);
    void allow_database(std::string_view database, std::string action);
    void allow_resource(std::string_view database, std::string_view resource, std::string action);
    // True when nothing is allowed (Datasette then leaves "_r" out of a new token).
    bool empty() const { return all.empty() && databases.empty() && resources.empty(); }
    bool operator==(const Restrictions&) const = default;
};

// Whether a restriction list names `action`, by its full name or its abbreviation (tokens
// may spell it either way).
bool lists_action(const std::vector<std::string>& listed, std::string_view action);

}  // namespace liteserve::auth
