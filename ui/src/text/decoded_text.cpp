#include "bplab_ui/text/decoded_text.h"

#include "bplab_core/trace_event.h"
#include "bplab_ui/run/run.h"

#include <algorithm>

namespace bplab::ui {

namespace {

// Lines read per Run::lines() call when catching up after a long seek.
constexpr std::int64_t kBatchLines = 65'536;

constexpr char16_t kReplacement = u'\uFFFD';

class DecodeLines final : public TraceSink {
public:
    DecodeLines(int stage, std::int64_t first, std::int64_t& lastProcess,
                std::vector<DecodedText::Piece>& pieces)
        : m_stage(stage), m_next(first), m_lastProcess(lastProcess), m_pieces(pieces)
    {
    }
    void record(const TraceEvent& event) override
    {
        const std::int64_t line = m_next++;
        if (event.stage != m_stage) {
            return;
        }
        if (event.kind == EventKind::Process) {
            m_lastProcess = event.bytes;
        } else if (event.kind == EventKind::Decode) {
            DecodedText::Piece piece;
            piece.line = line;
            piece.end = m_lastProcess < 0;
            piece.bytes = std::max<std::int64_t>(0, m_lastProcess);
            piece.text = QString::fromUtf8(event.message.data(),
                                           static_cast<qsizetype>(event.message.size()));
            m_pieces.push_back(std::move(piece));
            m_lastProcess = -1;
        }
    }
    [[nodiscard]] std::int64_t next() const { return m_next; }

private:
    int m_stage;
    std::int64_t m_next;
    std::int64_t& m_lastProcess;
    std::vector<DecodedText::Piece>& m_pieces;
};

}  // namespace

int DecodedText::decodingStage(const Scenario& scenario)
{
    if (scenario.stages.empty() || !scenario.stages.front().text) {
        return -1;
    }
    const auto last = static_cast<int>(scenario.stages.size()) - 1;
    return scenario.stages.back().kind == StageKind::Writable &&
                   scenario.stages.back().decode != Decode::None
               ? last
               : -1;
}

void DecodedText::clear()
{
    m_haveRun = false;
    m_stage = -1;
    m_decode = Decode::None;
    m_readLines = 0;
    m_lastProcess = -1;
    m_pieces.clear();
}

void DecodedText::follow(Run& run)
{
    if (!run.hasRun()) {
        clear();
        return;
    }
    if (!m_haveRun || run.generation() != m_generation) {
        clear();
        m_haveRun = true;
        m_generation = run.generation();
        m_stage = decodingStage(run.scenario());
        if (m_stage >= 0) {
            m_decode = run.scenario().stages[static_cast<std::size_t>(m_stage)].decode;
        }
    }
    if (m_stage < 0) {
        return;
    }
    const std::int64_t target = run.cursorLines();
    if (target < m_readLines) {
        // Back: keep what came before the cursor's last two lines and read
        // them again, since a decode line takes its bytes from the process
        // line right before it.
        m_readLines = std::max<std::int64_t>(0, target - 2);
        m_lastProcess = -1;
        const auto from = std::find_if(m_pieces.begin(), m_pieces.end(),
                                       [this](const Piece& p) { return p.line >= m_readLines; });
        m_pieces.erase(from, m_pieces.end());
    }
    while (m_readLines < target) {
        const std::int64_t count = std::min(kBatchLines, target - m_readLines);
        DecodeLines sink(m_stage, m_readLines, m_lastProcess, m_pieces);
        run.lines(m_readLines, count, sink);
        if (sink.next() == m_readLines) {
            break;  // nothing more to read
        }
        m_readLines = sink.next();
    }
}

QString DecodedText::text() const
{
    QString all;
    for (const Piece& p : m_pieces) {
        all += p.text;
    }
    return all;
}

int DecodedText::replacementCount() const
{
    int n = 0;
    for (const Piece& p : m_pieces) {
        n += static_cast<int>(p.text.count(QChar(kReplacement)));
    }
    return n;
}

std::int64_t DecodedText::bytesDecoded() const
{
    std::int64_t n = 0;
    for (const Piece& p : m_pieces) {
        n += p.bytes;
    }
    return n;
}

}  // namespace bplab::ui
