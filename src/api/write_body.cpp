// Body checks for write endpoints: content type, UTF-8, depth, and the object shape.
#include "api/write_body.h"

#include <rapidjson/error/en.h>
#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
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

// Builds the document while counting nesting, so a deep body is refused as it is read (the
// DOM parser itself is iterative, but later walks of the document are not) and the text is
// read once.
class DepthLimitedBuilder {
public:
    explicit DepthLimitedBuilder(rapidjson::Document& doc) : doc_(doc) {}
    bool too_deep() const { return too_deep_; }

    bool Null() { return doc_.Null(); }
    bool Bool(bool b) { return doc_.Bool(b); }
    bool Int(int i) { return doc_.Int(i); }
    bool Uint(unsigned u) { return doc_.Uint(u); }
    bool Int64(std::int64_t i) { return doc_.Int64(i); }
    bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
    bool Double(double d) { return doc_.Double(d); }
    bool RawNumber(const char* str, rapidjson::SizeType length, bool copy) { return doc_.RawNumber(str, length, copy); }
    bool String(const char* str, rapidjson::SizeType length, bool copy) { return doc_.String(str, length, copy); }
    bool Key(const char* str, rapidjson::SizeType length, bool copy) { return doc_.Key(str, length, copy); }
    bool StartObject() { return enter() && doc_.StartObject(); }
    bool EndObject(rapidjson::SizeType members) { --depth_; return doc_.EndObject(members); }
    bool StartArray() { return enter() && doc_.StartArray(); }
    bool EndArray(rapidjson::SizeType elements) { --depth_; return doc_.EndArray(elements); }

private:
    bool enter() {
        if (++depth_ > kMaxJsonDepth) too_deep_ = true;
        return !too_deep_;
    }

    rapidjson::Document& doc_;
    int depth_ = 0;
    bool too_deep_ = false;
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

rapidjson::Document parse_json_body(const Request& request, EmptyBody empty) {
    auto content_type = request.header("content-type");
    if (!content_type || !is_json_content_type(*content_type))
        throw WriteFailure(415, "Content-Type must be application/json");
    rapidjson::Document doc;
    if (request.body.empty()) {
        // Python's json.loads message, as Datasette answers for an empty body.
        if (empty == EmptyBody::Invalid) throw WriteFailure(400, "Invalid JSON: Expecting value: line 1 column 1 (char 0)");
        doc.SetObject();
        return doc;
    }
    // UTF-8 is checked over the whole body first, much faster than RapidJSON's check per
    // character, so the parser can then copy strings as they are.
    if (auto at = first_invalid_utf8(request.body))
        throw WriteFailure(400, "Invalid JSON: the body is not valid UTF-8 (at byte " + std::to_string(*at) + ")");
    rapidjson::Reader reader;
    bool too_deep = false;
    auto build = [&](rapidjson::Document& target) {
        DepthLimitedBuilder builder(target);
        rapidjson::MemoryStream stream(request.body.data(), request.body.size());
        rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
        // Python's json.loads, which Datasette uses, also reads NaN, Infinity and -Infinity.
        bool ok = !reader.Parse<rapidjson::kParseNanAndInfFlag>(input, builder).IsError();
        too_deep = builder.too_deep();
        return ok;
    };
    doc.Populate(build);
    if (too_deep) throw WriteFailure(400, "Invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (reader.HasParseError())
        throw WriteFailure(400, std::string("Invalid JSON: ") + rapidjson::GetParseError_En(reader.GetParseErrorCode()) +
                                    " (at byte " + std::to_string(reader.GetErrorOffset()) + ")");
    if (!doc.IsObject()) throw WriteFailure(400, "JSON must be a dictionary");
    return doc;
}

}  // namespace liteserve::api
