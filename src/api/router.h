// The route table: matches method + path to a handler, answers 404/405, and is the ONE
// place where exceptions thrown by views become Datasette's error JSON.
#pragma once

#include <string>
#include <vector>

#include "liteserve/routes.h"

namespace liteserve::api {

class Router {
public:
    void add(RouteSpec spec);
    // Matches the request, fills Request::params (plus "format", the extension of the last
    // segment such as "json" or "csv", empty when absent) and runs the handler: the route of
    // the request's method, else one serving every method. OPTIONS on any other path that
    // some route matches is answered 200 "ok" without running a handler.
    Response handle(Request& request) const;

private:
    struct Route {
        RouteSpec spec;
        std::vector<std::string> segments;  // "{name}" for parameters
    };
    Response dispatch(Request& request) const;

    std::vector<Route> routes_;
};

// The answer for the exception being handled (call it inside a catch block): Datasette's
// error JSON for the view errors, 500 for anything else. Router::handle uses it for every
// route; a view that must decorate its error answers too (execute-write's framing headers)
// calls it itself.
Response response_for_current_exception(const Request& request);

}  // namespace liteserve::api
