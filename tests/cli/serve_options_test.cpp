// Tests for src/cli/serve_options.cpp: the permission switches of `liteserve serve`.
#include "cli/serve_options.h"

#include <doctest/doctest.h>

using namespace liteserve::cli;

TEST_CASE("parse_serve: --root and --default-deny") {
    ServeCommand plain = parse_serve({"data.db"});
    CHECK_FALSE(plain.app.root);
    CHECK_FALSE(plain.app.default_deny);
    ServeCommand both = parse_serve({"data.db", "--default-deny", "--root"});
    CHECK(both.app.root);
    CHECK(both.app.default_deny);
    CHECK(serve_help().find("--default-deny") != std::string::npos);
}
