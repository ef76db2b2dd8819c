// Suggested facets (?_extra=suggested_facets), as the suggest() of Datasette's ColumnFacet,
// DateFacet and ArrayFacet: cheap probes of the first rows of the result, each under
// facet_suggest_time_limit_ms; a probe that runs out of time suggests nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/facet_plan.h"
#include "api/facets.h"

namespace liteserve::api {

struct SuggestedFacet {
    std::string name;                // the column
    std::optional<FacetType> type;   // nullopt for column facets (Datasette writes no "type")
    std::string toggle_url;          // absolute: this request with the facet added
};

// Column suggestions (columns with 2 … facet size distinct values in the first 1000 rows,
// fewer than the rows, one of them repeated), then date suggestions (values that look like
// dates in the first 100 rows), then array suggestions (JSON arrays of strings). Columns
// already faceted with that type are skipped. Empty unless plan.suggest.
std::vector<SuggestedFacet> suggest_facets(const FacetSource& source, const FacetPlan& plan);

}  // namespace liteserve::api
