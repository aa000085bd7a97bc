#include "text_decoding.h"

namespace bplab {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The bytes a sequence starting with `lead` has, and the range its second
// byte must lie in; 0 for a byte that cannot start one.
struct Lead {
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
};

Lead leadOf(unsigned char b)
{
    if (b < 0x80) {
        return {1};
    }
    if (b >= 0xC2 && b <= 0xDF) {
        return {2};
    }
    if (b == 0xE0) {
        return {3, 0xA0, 0xBF};
    }
    if (b == 0xED) {
        return {3, 0x80, 0x9F};
    }
    if (b >= 0xE1 && b <= 0xEF) {
        return {3};
    }
    if (b == 0xF0) {
        return {4, 0x90, 0xBF};
    }
    if (b == 0xF4) {
        return {4, 0x80, 0x8F};
    }
    if (b >= 0xF1 && b <= 0xF3) {
        return {4};
    }
    return {0};
}

}  // namespace

// The WHATWG "UTF-8 decode" algorithm (bytes needed, lower and upper
// boundary), one replacement per maximal ill-formed part.
std::string decodeUtf8Chunk(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        const Lead lead = leadOf(b);
        if (lead.length == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        std::size_t k = 1;
        while (k < lead.length && i + k < bytes.size()) {
            const auto c = static_cast<unsigned char>(bytes[i + k]);
            const unsigned char low = k == 1 ? lead.low : 0x80;
            const unsigned char high = k == 1 ? lead.high : 0xBF;
            if (c < low || c > high) {
                break;
            }
            ++k;
        }
        if (k == lead.length) {
            out.append(bytes.substr(i, k));
        } else {
            out += kReplacement;  // the incomplete start; the byte that ended it is read again
        }
        i += k;
    }
    return out;
}

std::string Utf8StringDecoder::write(std::string_view bytes)
{
    std::string all = m_pending;
    all.append(bytes);
    m_pending.clear();
    // An incomplete character can only be the last 1 to 3 bytes.
    std::size_t keep = 0;
    for (std::size_t back = 1; back <= 3 && back <= all.size(); ++back) {
        const auto b = static_cast<unsigned char>(all[all.size() - back]);
        if ((b & 0xC0u) == 0x80u) {
            continue;  // a continuation byte: look further back for the lead
        }
        const std::size_t length = leadOf(b).length;
        if (length > back) {
            keep = back;
        }
        break;
    }
    const std::string_view bytesToDecode(all.data(), all.size() - keep);
    m_pending.assign(all, all.size() - keep, keep);
    return decodeUtf8Chunk(bytesToDecode);
}

std::string Utf8StringDecoder::end()
{
    const bool incomplete = !m_pending.empty();
    m_pending.clear();
    return incomplete ? std::string(kReplacement) : std::string();
}

}  // namespace bplab
