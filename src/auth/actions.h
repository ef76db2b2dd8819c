// Datasette's built-in actions (permissions) and the abbreviations restricted tokens store.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace liteserve::auth {

struct ActionInfo {
    std::string_view name;          // e.g. "insert-row"
    std::string_view abbreviation;  // e.g. "ir"; empty when the action has none
};

// Every action liteserve knows, in Datasette's registration order.
std::span<const ActionInfo> known_actions();
// What a token's "_r" stores for this action: its abbreviation, or the name itself when it
// has none (as Datasette's abbreviate_action). nullopt for an unknown action.
std::optional<std::string_view> token_action(std::string_view name);

}  // namespace liteserve::auth
