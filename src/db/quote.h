// The one way an identifier enters SQL text. Callers pass names found in the catalog.
#pragma once

#include <string>
#include <string_view>

namespace liteserve::db {

enum class QuoteStyle {
    Datasette,  // bare when a plain non-keyword name, else [name] (as Datasette's escape_sqlite)
    Double,     // always "name" (as Datasette's filter clauses)
    Bracket,    // always [name] (as sqlite-utils writes column definitions, which SQLite stores
                // verbatim in the schema), "name" when the name contains ']'
};

// Quotes `name` so SQLite reads it as exactly that identifier. Safe for every input: a
// name that cannot be bracketed (contains ']') falls back to "..." with doubled quotes.
std::string quote_identifier(std::string_view name, QuoteStyle style = QuoteStyle::Datasette);

}  // namespace liteserve::db
