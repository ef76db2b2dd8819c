// Body checks for write endpoints: content type, UTF-8, depth, and the object shape.
#include "api/write_body.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "api/json_writer.h"

namespace liteserve::api {
namespace {

bool is_json_content_type(std::string_view value) {
    auto semicolon = value.find(';');
    std::string type(value.substr(0, semicolon));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type == "application/json";
}

// Counts nesting while RapidJSON's SAX reader walks the text, so a deep document is refused
// without recursion (the DOM parser itself is iterative, but later walks of it are not).
struct DepthCheck : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DepthCheck> {
    int depth = 0;
    bool too_deep = false;
    bool StartObject() { return enter(); }
    bool EndObject(rapidjson::SizeType) { --depth; return true; }
    bool StartArray() { return enter(); }
    bool EndArray(rapidjson::SizeType) { --depth; return true; }
    bool enter() {
        if (++depth > kMaxJsonDepth) too_deep = true;
        return !too_deep;
    }
};

}  // namespace

std::string write_errors_json(const std::vector<std::string>& errors) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(false);
    w.key("errors").strings(errors);
    w.end_object();
    return body;
}

rapidjson::Document parse_json_body(const Request& request) {
    auto content_type = request.header("content-type");
    if (!content_type || !is_json_content_type(*content_type))
        throw WriteFailure(415, "Content-Type must be application/json");
    rapidjson::Document doc;
    if (request.body.empty()) {
        doc.SetObject();
        return doc;
    }
    DepthCheck depth;
    rapidjson::Reader reader;
    rapidjson::StringStream probe(request.body.c_str());
    reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag>(probe, depth);
    if (depth.too_deep) throw WriteFailure(400, "Invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(request.body.data(), request.body.size());
    if (doc.HasParseError())
        throw WriteFailure(400, std::string("Invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                                    " (at byte " + std::to_string(doc.GetErrorOffset()) + ")");
    if (!doc.IsObject()) throw WriteFailure(400, "JSON must be a dictionary");
    return doc;
}

}  // namespace liteserve::api
