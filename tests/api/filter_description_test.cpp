// describe_filters as a table: query string → Datasette's human_description_en.
#include "api/filter_description.h"

#include <doctest/doctest.h>

using namespace liteserve;

TEST_CASE("describe_filters: Datasette's English for each kind of filter") {
    const std::pair<const char*, const char*> cases[] = {
        {"state=CA", "where state = \"CA\""},
        {"pk__gt=3&state__not=CA", "where pk > 3 and state != \"CA\""},
        {"pk__in=1,3,15", "where pk in [\"1\", \"3\", \"15\"]"},
        {"pk__in=[1,3,15]", "where pk in [1, 3, 15]"},
        {"state__notin=[\"CA\",\"MI\"]", "where state not in [\"CA\", \"MI\"]"},
        {"pk__in=[1,", "where pk in [1,"},
        {"", ""},
        // Sorted by key, then value (Datasette's sorted(filter_args)); unknown operators left out.
        {"state=MI&state=CA", "where state = \"CA\" and state = \"MI\""},
        {"state__foo=CA&pk=1", "where pk = 1"},
        {"a__b=1", ""},
    };
    for (const auto& [query, expected] : cases) {
        CAPTURE(query);
        CHECK(api::describe_filters(api::QueryArgs::parse(query), std::nullopt) == expected);
    }
}
