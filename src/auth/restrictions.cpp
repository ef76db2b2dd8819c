// Building restrictions in first-mention order (Python's dict.setdefault(...).append(...)),
// and reading which actions they name.
#include "auth/restrictions.h"

#include <algorithm>

#include "auth/actions.h"

namespace liteserve::auth {
namespace {

template <typename Entries, typename Key>
auto& entry_for(Entries& entries, Key Entries::value_type::*key, std::string_view name) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.*key == name; });
    if (it != entries.end()) return *it;
    auto& added = entries.emplace_back();
    added.*key = std::string(name);
    return added;
}

}  // namespace

bool lists_action(const std::vector<std::string>& listed, std::string_view action) {
    auto abbreviation = token_action(action);
    return std::any_of(listed.begin(), listed.end(), [&](const std::string& a) {
        return a == action || (abbreviation && a == *abbreviation);
    });
}

void Restrictions::allow_all(std::string action) { all.push_back(std::move(action)); }

void Restrictions::allow_database(std::string_view database, std::string action) {
    entry_for(databases, &DatabaseActions::database, database).actions.push_back(std::move(action));
}

void Restrictions::allow_resource(std::string_view database, std::string_view resource, std::string action) {
    auto& db = entry_for(resources, &DatabaseResources::database, database);
    entry_for(db.resources, &ResourceActions::resource, resource).actions.push_back(std::move(action));
}

}  // namespace liteserve::auth
