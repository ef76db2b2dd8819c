// Datasette's human_description_en: "where state = "CA" and pk > 3 sorted by name".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/query_args.h"
#include "db/select_builder.h"

namespace liteserve::api {

// `leading` are descriptions that come before the filters' (search, as in Datasette).
std::string describe_filters(const QueryArgs& args, const std::optional<db::Sort>& sort,
                             const std::vector<std::string>& leading = {});

}  // namespace liteserve::api
