// Datasette's built-in actions (permissions): the abbreviations restricted tokens store, what
// kind of resource each is asked about, and the action each one also requires.
#pragma once

#include <optional>
#include <string_view>

namespace liteserve::auth {

// What an action is asked about: the whole instance, a database, or one table, view or
// stored query of a database (Datasette's resource classes).
enum class ActionScope { Instance, Database, Resource };

struct ActionInfo {
    std::string_view name;           // e.g. "insert-row"
    std::string_view abbreviation;   // e.g. "ir"; empty when the action has none
    ActionScope scope;
    std::string_view also_requires;  // an action that must be allowed too (same database); empty: none
};

// The action with this name, or nullptr.
const ActionInfo* find_action(std::string_view name);
// What a token's "_r" stores for this action: its abbreviation, or the name itself when it
// has none (as Datasette's abbreviate_action). nullopt for an unknown action.
std::optional<std::string_view> token_action(std::string_view name);

}  // namespace liteserve::auth
