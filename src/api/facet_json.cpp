// One facet is {"name", "type", "hideable", "toggle_url", "results": [{"value", "label",
// "count", "toggle_url", "selected"}], "truncated"}.
#include "api/facet_json.h"

#include <algorithm>

#include "api/cells.h"

namespace liteserve::api {
namespace {

void write_facet(JsonWriter& w, const FacetResult& facet) {
    w.begin_object();
    w.key("name").string(facet.name);
    w.key("type").string(facet_type_name(facet.type));
    w.key("hideable").boolean(facet.hideable);
    w.key("toggle_url").string(facet.toggle_url);
    w.key("results").begin_array();
    for (const auto& v : facet.values) {
        w.begin_object();
        w.key("value");
        write_value(w, v.value);
        w.key("label");
        write_value(w, v.label);
        w.key("count").integer(v.count);
        w.key("toggle_url").string(v.toggle_url);
        w.key("selected").boolean(v.selected);
        w.end_object();
    }
    w.end_array();
    w.key("truncated").boolean(facet.truncated);
    w.end_object();
}

}  // namespace

void write_facet_results(JsonWriter& w, const FacetResults& facets) {
    w.begin_object();
    w.key("results").begin_object();
    for (const auto& facet : facets.results) {
        w.key(facet.key);
        write_facet(w, facet);
    }
    w.end_object();
    w.key("timed_out").strings(facets.timed_out);
    w.end_object();
}

void write_sorted_facet_results(JsonWriter& w, const FacetResults& facets,
                                const std::vector<std::string>& configured) {
    // A name's place in the configuration (its last one, as Datasette's dict of names).
    auto place = [&](const FacetResult* f) -> std::ptrdiff_t {
        auto it = std::find(configured.rbegin(), configured.rend(), f->name);
        return it == configured.rend() ? -1 : configured.rend() - it - 1;
    };
    std::vector<const FacetResult*> listed, others;
    for (const auto& facet : facets.results) (place(&facet) >= 0 ? listed : others).push_back(&facet);
    std::stable_sort(listed.begin(), listed.end(), [&](auto* a, auto* b) { return place(a) < place(b); });
    // Python's sorted(key=(len(results), name), reverse=True) keeps ties in their order.
    std::stable_sort(others.begin(), others.end(), [](const FacetResult* a, const FacetResult* b) {
        if (a->values.size() != b->values.size()) return a->values.size() > b->values.size();
        return a->name > b->name;
    });
    w.begin_array();
    for (const auto* facet : listed) write_facet(w, *facet);
    for (const auto* facet : others) write_facet(w, *facet);
    w.end_array();
}

void write_facets_timed_out(JsonWriter& w, const FacetResults& facets) { w.strings(facets.timed_out); }

void write_suggested_facets(JsonWriter& w, const std::vector<SuggestedFacet>& suggestions) {
    w.begin_array();
    for (const auto& s : suggestions) {
        w.begin_object();
        w.key("name").string(s.name);
        if (s.type) w.key("type").string(facet_type_name(*s.type));
        w.key("toggle_url").string(s.toggle_url);
        w.end_object();
    }
    w.end_array();
}

}  // namespace liteserve::api
