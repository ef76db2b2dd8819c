// dstok_ tokens made by Datasette 1.0a33's `datasette create-token ACTOR --secret SECRET ARGS`
// (copied from ../shared/conformance/token-vectors.json), each with its decoded payload.
// Shared by the auth and CLI tests.
#pragma once

#include <string_view>
#include <vector>

#include "auth/token_payload.h"

namespace liteserve::testing {

struct TokenVector {
    std::string_view secret;
    std::vector<std::string_view> create_token_args;  // the ARGS after ACTOR --secret SECRET
    std::string_view token;
    auth::TokenPayload payload;
    bool compressed;
};

inline std::vector<TokenVector> token_vectors() {
    auth::Restrictions bob;
    bob.allow_all("vi");
    bob.allow_all("vt");
    auth::Restrictions carol;
    carol.allow_database("fixtures", "ir");
    carol.allow_resource("fixtures", "facetable", "ur");
    auth::Restrictions dave;
    std::vector<std::string_view> dave_args;
    static const char* const kDaveResources[][2] = {
        {"db0", "table_with_a_long_name_0"}, {"db1", "table_with_a_long_name_1"},
        {"db2", "table_with_a_long_name_2"}, {"db3", "table_with_a_long_name_3"},
        {"db4", "table_with_a_long_name_4"}, {"db5", "table_with_a_long_name_5"},
        {"db6", "table_with_a_long_name_6"}, {"db7", "table_with_a_long_name_7"},
        {"db8", "table_with_a_long_name_8"}, {"db9", "table_with_a_long_name_9"},
        {"db10", "table_with_a_long_name_10"}, {"db11", "table_with_a_long_name_11"}};
    for (const auto& r : kDaveResources) {
        dave.allow_resource(r[0], r[1], "ir");
        dave_args.insert(dave_args.end(), {"-r", r[0], r[1], "insert-row"});
    }
    auth::Restrictions unicode;
    unicode.allow_all("es");
    return {
        {"vector-secret-1", {},
         "dstok_eyJhIjoicm9vdCIsInQiOjE3OTUyOTI3Mzl9.zKkvmMY3aNmknwUD4xJMXrZIefM",
         {"root", 1795292739, std::nullopt, std::nullopt}, false},
        {"vector-secret-1", {"-e", "3600"},
         "dstok_eyJhIjoiYWxpY2UiLCJ0IjoxNzk1MjkyNzM5LCJkIjozNjAwfQ.FFf7uAFb3RSKSiTAS78nKvVTZGQ",
         {"alice", 1795292739, 3600, std::nullopt}, false},
        {"another secret with spaces", {"-a", "view-instance", "-a", "view-table"},
         "dstok_eyJhIjoiYm9iIiwidCI6MTc5NTI5Mjc0MCwiX3IiOnsiYSI6WyJ2aSIsInZ0Il19fQ.ddcsqPORHn09H-1Ey34T0wFedmU",
         {"bob", 1795292740, std::nullopt, bob}, false},
        {"vector-secret-1", {"-d", "fixtures", "insert-row", "-r", "fixtures", "facetable", "update-row"},
         "dstok_.eJyrVkpUslJKTizKz1HSUSpRsjI0tzQ1sjQyNzHQUYovUrKqVkoBEWmZFSWlRanFSlbRSplFSrG1OkpFqOJAdmJyakliUk4qSF"
         "EpSBEQAABnaB5x.n5k5gqQNR3FZbWKS7hupBoZP9HE",
         {"carol", 1795292740, std::nullopt, carol}, true},
        {"vector-secret-1", dave_args,
         "dstok_.eJx90TEOwjAMheG7eM5A0qRpchWELFeNoFIpUhXBUPXuBBZkhpfBGfxN_ncSyjTJs5ChStnGFFxy0VtDvFHe6Tum8fT5qoxL4ddc"
         "byy8PNYrr3Iv3HZnmje6HKZJC6RV0gHplOyA7JT0QHolA5BByR7IXskIZFRyAHJQMgGZ9OVRJPtXCWb6dWrvDXFYuWA."
         "IctveXnxhE0bs5uDnIbgMjbrcOs",
         {"dave", 1795292741, std::nullopt, dave}, true},
        {"ünïcode-sëcret", {"-a", "execute-sql"},
         "dstok_eyJhIjoiw7xuw69jb2RlLWFjdMO2ciIsInQiOjE3OTUyOTI3NDEsIl9yIjp7ImEiOlsiZXMiXX19.VHdQEPbydSx03pOLyB_HuRBocrs",
         {"ünïcode-actör", 1795292741, std::nullopt, unicode}, false},
    };
}

}  // namespace liteserve::testing
