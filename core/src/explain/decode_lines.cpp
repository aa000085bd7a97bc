// A decoding writable of a text pipeline: the `decode` line of scenario-v2
// section 4 (chunk.toString('utf8') per chunk, or a StringDecoder).
#include <string>
#include <string_view>

#include "bplab_core/explain.h"
#include "explain/line.h"

namespace bplab::explain {

namespace {

std::int64_t replacementsIn(std::string_view text)
{
    std::int64_t count = 0;
    for (std::size_t at = text.find("\xEF\xBF\xBD"); at != std::string_view::npos;
         at = text.find("\xEF\xBF\xBD", at + 3)) {
        ++count;
    }
    return count;
}

}  // namespace

// A `decode` line.
std::string StageLine::onDecode() const
{
    const std::string_view text = event.message;
    const std::int64_t bad = replacementsIn(text);
    if (stage.decode == Decode::PerChunk) {
        std::string r =
            "_write() of " + me + " decoded the chunk on its own with chunk.toString('utf8')";
        if (bad == 0) {
            return r + ": every character of it was whole.";
        }
        return r + ": " + formatCount(bad) + (bad == 1 ? " U+FFFD stands" : " U+FFFD stand") +
               " for the pieces of characters that the chunk boundaries cut (one for the start "
               "of a cut character, one for each byte of its rest in the next chunk). Decoding "
               "each chunk on its own cannot join them.";
    }
    if (s && s->writable.finalCalled && text.empty()) {
        return "_final() of " + me +
               " called decoder.end(): nothing was left pending, so it returned \"\".";
    }
    if (s && s->writable.finalCalled) {
        return "_final() of " + me +
               " called decoder.end(): the bytes still pending became U+FFFD.";
    }
    if (text.empty()) {
        return "The StringDecoder of " + me +
               " returned \"\": the chunk holds only the start of a character, which it keeps "
               "until the rest arrives.";
    }
    return "The StringDecoder of " + me +
           " returned every whole character it has; the start of a character cut by the chunk's "
           "end, if any, waits for the next chunk instead of becoming U+FFFD.";
}

}  // namespace bplab::explain
