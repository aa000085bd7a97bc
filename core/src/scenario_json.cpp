#include "scenario_json.h"

#include <cmath>
#include <iterator>
#include <unordered_set>
#include <utility>
#include <vector>

namespace bplab::scenario_json {

namespace {

constexpr std::size_t kShownBytes = 60;  // longest value shown in a message before "…"
constexpr std::size_t kShownSyntaxDetail = 120;

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

// Cuts `text` to at most `limit` bytes on a code point boundary.
std::string_view cutAt(std::string_view text, std::size_t limit)
{
    if (text.size() <= limit) {
        return text;
    }
    std::size_t end = limit;
    while (end > 0 && isContinuationByte(text[end])) {
        --end;
    }
    return text.substr(0, end);
}

std::string shorten(std::string text, std::size_t limit, bool closeQuote)
{
    if (text.size() <= limit) {
        return text;
    }
    std::string out(cutAt(text, limit));
    out += "…";
    if (closeQuote) {
        out += '"';
    }
    return out;
}

bool isIdentifier(std::string_view key)
{
    if (key.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) {
            return false;
        }
    }
    return true;
}

// A forward iterator over the text that publishes how far the parser has
// read, so that SAX callbacks can know where they are in the text.
class TrackedIterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackedIterator() = default;
    TrackedIterator(const char* position, const char** furthest)
        : m_position(position), m_furthest(furthest)
    {
    }

    reference operator*() const { return *m_position; }
    TrackedIterator& operator++()
    {
        ++m_position;
        *m_furthest = m_position;
        return *this;
    }
    TrackedIterator operator++(int)
    {
        TrackedIterator before = *this;
        ++*this;
        return before;
    }
    friend bool operator==(const TrackedIterator& a, const TrackedIterator& b)
    {
        return a.m_position == b.m_position;
    }

private:
    const char* m_position = nullptr;
    const char** m_furthest = nullptr;
};

// nlohmann's messages look like "[json.exception.parse_error.101] parse error
// at line 1, column 7: syntax error while parsing value - invalid literal;
// last read: 'x'". Keep what explains the problem; the position is ours.
std::string syntaxDetail(std::string_view what)
{
    if (what.starts_with("[json.exception.")) {
        const auto close = what.find("] ");
        if (close != std::string_view::npos) {
            what.remove_prefix(close + 2);
        }
    }
    if (what.starts_with("parse error")) {
        const auto colon = what.find(": ");
        if (colon != std::string_view::npos) {
            what.remove_prefix(colon + 2);
        }
    }
    std::string detail;
    if (what.starts_with("syntax error")) {
        const auto dash = what.find(" - ");
        detail = "syntax error: ";
        detail += dash != std::string_view::npos ? what.substr(dash + 3) : what.substr(12);
    } else {
        detail = std::string(what);
    }
    return shorten(std::move(detail), kShownSyntaxDetail, false);
}

class StrictHandler final : public nlohmann::json_sax<Json> {
public:
    StrictHandler(std::string_view text, const char* const* furthest, const ReadOptions& options,
                  ReadJson& out)
        : m_text(text), m_furthest(furthest), m_options(options), m_out(out)
    {
    }

    [[nodiscard]] const std::optional<std::string>& error() const { return m_error; }

    bool null() override { return scalar(Json(nullptr)); }
    bool boolean(bool value) override { return scalar(Json(value)); }
    bool number_integer(number_integer_t value) override { return scalar(Json(value)); }
    bool number_unsigned(number_unsigned_t value) override { return scalar(Json(value)); }
    bool number_float(number_float_t value, const string_t&) override
    {
        return scalar(Json(value));
    }
    bool string(string_t& value) override { return scalar(Json(std::move(value))); }
    bool binary(binary_t&) override { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) override
    {
        return open(false);
    }  // NOLINT(readability-identifier-naming): nlohmann SAX interface
    bool start_array(std::size_t) override
    {
        return open(true);
    }                                               // NOLINT(readability-identifier-naming)
    bool end_object() override { return close(); }  // NOLINT(readability-identifier-naming)
    bool end_array() override { return close(); }   // NOLINT(readability-identifier-naming)

    bool key(string_t& key) override
    {
        Frame& frame = m_frames.back();
        if (!frame.keys.insert(key).second) {
            const LineColumn at = locate(m_text, keyStart());
            m_error = joinKey(pathOf(m_frames.size()), key) + ": duplicate key (line " +
                      std::to_string(at.line) + ", column " + std::to_string(at.column) + ")";
            return false;
        }
        frame.key = std::move(key);
        return true;
    }

    bool parse_error(std::size_t position,
                     const std::string&,  // NOLINT(readability-identifier-naming)
                     const nlohmann::detail::exception& error) override
    {
        // `position` counts the characters read, the offending one included.
        const std::size_t offset = position > 0 ? position - 1 : 0;
        m_error = at(offset) + syntaxDetail(error.what());
        return false;
    }

private:
    struct Frame {
        bool array = false;
        Json* node = nullptr;   // null while checking without building
        std::size_t index = 0;  // array: index of the element being read
        std::string key;        // object: key of the member being read
        std::unordered_set<std::string> keys;
        bool isUi = false;
    };

    std::size_t consumed() const { return static_cast<std::size_t>(*m_furthest - m_text.data()); }

    std::string at(std::size_t offset) const
    {
        const LineColumn where = locate(m_text, offset);
        return m_options.pathPrefix + (m_options.pathPrefix.empty() ? "" : ": ") + "line " +
               std::to_string(where.line) + ", column " + std::to_string(where.column) + ": ";
    }

    // The opening quote of the key just read (the parser stands after its
    // closing quote).
    std::size_t keyStart() const
    {
        std::size_t i = consumed() >= 2 ? consumed() - 2 : 0;
        while (i > 0) {
            if (m_text[i] == '"') {
                std::size_t backslashes = 0;
                while (backslashes < i && m_text[i - 1 - backslashes] == '\\') {
                    ++backslashes;
                }
                if (backslashes % 2 == 0) {
                    return i;
                }
            }
            --i;
        }
        return 0;
    }

    // Path of the value being read inside the first `depth` frames.
    std::string pathOf(std::size_t depth) const
    {
        std::string path = m_options.pathPrefix;
        for (std::size_t i = 0; i + 1 < depth && i < m_frames.size(); ++i) {
            const Frame& frame = m_frames[i];
            path = frame.array ? joinIndex(path, frame.index) : joinKey(path, frame.key);
        }
        return path;
    }

    bool fail(std::string message)
    {
        m_error = at(consumed() > 0 ? consumed() - 1 : 0) + std::move(message);
        return false;
    }

    // Where a new value goes; null when nothing is being built.
    Json* place(Json value)
    {
        if (m_frames.empty()) {
            if (!m_options.buildValue) {
                return nullptr;
            }
            m_out.value = std::move(value);
            return &m_out.value;
        }
        Frame& parent = m_frames.back();
        if (parent.node == nullptr) {
            return nullptr;
        }
        if (parent.array) {
            parent.node->push_back(std::move(value));
            return &parent.node->back();
        }
        Json& slot = (*parent.node)[parent.key];
        slot = std::move(value);
        return &slot;
    }

    void finishValue()
    {
        if (!m_frames.empty() && m_frames.back().array) {
            ++m_frames.back().index;
        }
    }

    bool scalar(Json value)
    {
        place(std::move(value));
        finishValue();
        return true;
    }

    bool open(bool array)
    {
        if (m_frames.size() >= static_cast<std::size_t>(m_options.maxDepth)) {
            return fail("too deeply nested: more than " + std::to_string(m_options.maxDepth) +
                        " levels of arrays and objects");
        }
        if (m_frames.empty()) {
            m_out.rootIsObject = !array;
        }
        const bool isUi = m_options.captureUi && !array && m_frames.size() == 1 &&
                          !m_frames.front().array && m_frames.front().key == "ui";
        Frame frame;
        frame.array = array;
        frame.isUi = isUi;
        if (isUi) {
            m_uiBegin = consumed() - 1;
        } else {
            frame.node = place(array ? Json::array() : Json::object());
        }
        m_frames.push_back(std::move(frame));
        return true;
    }

    bool close()
    {
        if (m_frames.back().isUi) {
            m_out.uiText = std::string(m_text.substr(m_uiBegin, consumed() - m_uiBegin));
        }
        m_frames.pop_back();
        finishValue();
        return true;
    }

    std::string_view m_text;
    const char* const* m_furthest;
    const ReadOptions& m_options;
    ReadJson& m_out;
    std::vector<Frame> m_frames;
    std::size_t m_uiBegin = 0;
    std::optional<std::string> m_error;
};

}  // namespace

Result<ReadJson> readJson(std::string_view text, const ReadOptions& options)
{
    ReadJson out;
    const char* furthest = text.data();
    StrictHandler handler(text, &furthest, options, out);
    const TrackedIterator first(text.data(), &furthest);
    const TrackedIterator last(text.data() + text.size(), &furthest);
    const bool ok = Json::sax_parse(first, last, &handler);
    if (!ok || handler.error()) {
        return Error{handler.error().value_or(options.pathPrefix + ": the JSON text is invalid")};
    }
    return out;
}

LineColumn locate(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    LineColumn where;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++where.line;
            where.column = 1;
        } else if (!isContinuationByte(text[i])) {
            ++where.column;
        }
    }
    return where;
}

std::string describe(const Json& value)
{
    const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return shorten(text, kShownBytes, value.is_string());
}

std::string describeDouble(double value)
{
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    return Json(value).dump();
}

std::string jsonQuoted(std::string_view text)
{
    return describe(Json(std::string(text)));
}

std::string joinKey(const std::string& path, std::string_view key)
{
    if (isIdentifier(key)) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
    return path + "[" + jsonQuoted(key) + "]";
}

std::string joinIndex(const std::string& path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

std::optional<std::size_t> findInvalidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t codePoint = 0;
        if (lead < 0x80u) {
            ++i;
            continue;
        }
        if (lead >= 0xC2u && lead <= 0xDFu) {
            length = 2;
            codePoint = lead & 0x1Fu;
        } else if (lead >= 0xE0u && lead <= 0xEFu) {
            length = 3;
            codePoint = lead & 0x0Fu;
        } else if (lead >= 0xF0u && lead <= 0xF4u) {
            length = 4;
            codePoint = lead & 0x07u;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (!isContinuationByte(text[i + k])) {
                return i;
            }
            codePoint = (codePoint << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
        }
        const bool overlong =
            (length == 3 && codePoint < 0x800u) || (length == 4 && codePoint < 0x10000u);
        const bool surrogate = codePoint >= 0xD800u && codePoint <= 0xDFFFu;
        if (overlong || surrogate || codePoint > 0x10FFFFu) {
            return i;
        }
        i += length;
    }
    return std::nullopt;
}

}  // namespace bplab::scenario_json
