// Writing facets in Datasette 1.0's JSON: the facet_results, sorted_facet_results,
// facets_timed_out and suggested_facets extras of the table view.
#pragma once

#include <string>
#include <vector>

#include "api/facet_suggest.h"
#include "api/facets.h"
#include "api/json_writer.h"

namespace liteserve::api {

// {"results": {key: facet, …}, "timed_out": [column, …]}
void write_facet_results(JsonWriter& w, const FacetResults& facets);
// [facet, …]: facets named in the table's configured facets first, in that order; then the
// others, most values first, ties by name descending (Datasette's sort with reverse=True).
void write_sorted_facet_results(JsonWriter& w, const FacetResults& facets,
                                const std::vector<std::string>& configured);
// [column, …]
void write_facets_timed_out(JsonWriter& w, const FacetResults& facets);
// [{"name", "toggle_url"} for columns, {"name", "type", "toggle_url"} for dates and arrays, …]
void write_suggested_facets(JsonWriter& w, const std::vector<SuggestedFacet>& suggestions);

}  // namespace liteserve::api
