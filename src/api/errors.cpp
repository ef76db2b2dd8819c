// Error bodies in Datasette's format.
#include "api/errors.h"

#include "api/json_writer.h"

namespace liteserve::api {

Response error_response(int status, std::string_view message, std::string_view title) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(false);
    w.key("error").string(message);
    w.key("status").integer(status);
    w.key("title");
    if (title.empty()) w.null(); else w.string(title);
    w.end_object();
    return Response::json(std::move(body), status);
}

std::string time_limit_message(std::string_view sql) {
    std::string escaped;
    for (char c : sql) {
        switch (c) {
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '&': escaped += "&amp;"; break;
            case '"': escaped += "&#34;"; break;
            case '\'': escaped += "&#39;"; break;
            default: escaped += c;
        }
    }
    return "<p>SQL query took too long. The time limit is controlled by the\n"
           "<a href=\"https://docs.datasette.io/en/stable/settings.html#sql-time-limit-ms\">sql_time_limit_ms</a>\n"
           "configuration option.</p>\n"
           "<textarea style=\"width: 90%\">" + escaped + "</textarea>\n"
           "<script>\n"
           "let ta = document.querySelector(\"textarea\");\n"
           "ta.style.height = ta.scrollHeight + \"px\";\n"
           "</script>";
}

}  // namespace liteserve::api
