#pragma once

// Decoding UTF-8 as a text pipeline's writable does (scenario-v2 section 4):
// Buffer's toString('utf8') on one chunk, and StringDecoder across chunks.
// Both return UTF-8; U+FFFD stands for what could not be decoded.

#include <cstddef>
#include <string>
#include <string_view>

namespace bplab {

// chunk.toString('utf8'): each maximal part of an ill-formed sequence (the
// incomplete start of a character, a continuation byte on its own) becomes
// one U+FFFD, as the WHATWG UTF-8 decoder that V8 follows does.
std::string decodeUtf8Chunk(std::string_view bytes);

// new StringDecoder('utf8'): write() returns the complete characters and
// keeps the incomplete one at the end for the next call; end() returns
// U+FFFD when bytes are still pending, else "". Meant for well-formed text
// cut anywhere, which is what a text source produces.
class Utf8StringDecoder {
public:
    std::string write(std::string_view bytes);
    std::string end();
    // Bytes of an incomplete character held for the next write().
    [[nodiscard]] std::size_t pendingBytes() const { return m_pending.size(); }
    [[nodiscard]] std::string_view pending() const { return m_pending; }

private:
    std::string m_pending;
};

}  // namespace bplab
