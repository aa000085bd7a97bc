#pragma once

#include <QString>

#include <cstdint>
#include <vector>

#include "bplab_core/scenario.h"

namespace bplab::ui {

class Run;

// What the decoding writable of a text pipeline (scenario-v2 section 4) has
// decoded up to a run's cursor: the text of each of its `decode` lines, in
// order, as read through Run::lines(). One piece per decode call: a write()
// of one chunk (its bytes are those of the `process` line before it), or the
// StringDecoder's end() in _final (bytes 0).
//
// follow() reads only the lines since the last call; a step back or a seek
// into the past drops the pieces after the cursor; a new run (load, fork,
// undo) starts again from line 0. GUI thread only.
class DecodedText {
public:
    struct Piece {
        std::int64_t line = 0;   // 0-based trace line of the decode line
        std::int64_t bytes = 0;  // bytes of the chunk decoded; 0 for end()
        bool end = false;        // decoder.end() in _final
        QString text;
    };

    // The writable's stage index and its decode mode, or -1 / Decode::None
    // when the run's scenario has no decoding writable.
    [[nodiscard]] static int decodingStage(const Scenario& scenario);

    // Brings the pieces to `run`'s cursor.
    void follow(Run& run);
    void clear();

    [[nodiscard]] int stage() const { return m_stage; }
    [[nodiscard]] Decode decode() const { return m_decode; }
    [[nodiscard]] const std::vector<Piece>& pieces() const { return m_pieces; }
    // Every piece's text joined.
    [[nodiscard]] QString text() const;
    // How many U+FFFD the pieces hold.
    [[nodiscard]] int replacementCount() const;
    // Bytes handed to the decoder so far.
    [[nodiscard]] std::int64_t bytesDecoded() const;

private:
    std::uint64_t m_generation = 0;
    bool m_haveRun = false;
    int m_stage = -1;
    Decode m_decode = Decode::None;
    std::int64_t m_readLines = 0;     // lines [0, m_readLines) have been read
    std::int64_t m_lastProcess = -1;  // bytes of the stage's last process line, -1 after a decode
    std::vector<Piece> m_pieces;
};

}  // namespace bplab::ui
