#include "bplab_core/samples_csv.h"

#include <sstream>
#include <string_view>

namespace bplab {

namespace {

void appendNumber(std::string& out, std::int64_t value)
{
    out += std::to_string(value);
}

void appendFlag(std::string& out, bool value)
{
    out.push_back(value ? '1' : '0');
}

}  // namespace

std::string CsvSampleWriter::header(const Scenario& scenario)
{
    std::string h = "t";
    for (const Stage& stage : scenario.stages) {
        const std::string& id = stage.id;
        if (stage.kind != StageKind::Writable) {
            for (std::string_view col :
                 {"rlen", "rhwm", "flowing", "pushed_bytes", "pushed_chunks"}) {
                h += ',' + id + '.' + std::string(col);
            }
        }
        if (stage.kind != StageKind::Readable) {
            for (std::string_view col :
                 {"wlen", "whwm", "need_drain", "processing", "written_bytes", "written_chunks",
                  "processed_bytes", "processed_chunks"}) {
                h += ',' + id + '.' + std::string(col);
            }
        }
        h += ',' + id + ".external_bytes," + id + ".heap_bytes";
        if (tracksAllocations(scenario)) {
            h += ',' + id + ".retained_bytes";
        }
    }
    h += ",total_external_bytes,total_heap_bytes,total_bytes";
    if (tracksAllocations(scenario)) {
        h += ",total_slab_bytes,total_retained_bytes";
    }
    return h;
}

CsvSampleWriter::CsvSampleWriter(std::ostream& out, const Scenario& scenario)
    : m_out(out), m_header(header(scenario)), m_allocations(tracksAllocations(scenario))
{
    for (const Stage& stage : scenario.stages) {
        m_kinds.push_back(stage.kind);
    }
}

void CsvSampleWriter::sample(const Sample& sample)
{
    if (!m_headerWritten) {
        m_out << m_header << '\n';
        m_headerWritten = true;
    }
    m_line.clear();
    appendNumber(m_line, sample.t);
    const auto number = [this](std::int64_t value) {
        m_line.push_back(',');
        appendNumber(m_line, value);
    };
    const auto flag = [this](bool value) {
        m_line.push_back(',');
        appendFlag(m_line, value);
    };
    for (std::size_t i = 0; i < sample.stages.size() && i < m_kinds.size(); ++i) {
        const StageSnapshot& s = sample.stages[i];
        if (m_kinds[i] != StageKind::Writable) {
            number(s.readable.length);
            number(s.readable.highWaterMark);
            m_line +=
                s.readable.flowing < 0 ? ",null" : (s.readable.flowing > 0 ? ",true" : ",false");
            number(s.pushedBytes);
            number(s.pushedChunks);
        }
        if (m_kinds[i] != StageKind::Readable) {
            number(s.writable.length);
            number(s.writable.highWaterMark);
            flag(s.writable.needDrain);
            flag(s.processing);
            number(s.writtenBytes);
            number(s.writtenChunks);
            number(s.processedBytes);
            number(s.processedChunks);
        }
        number(s.externalBytes);
        number(s.heapBytes);
        if (m_allocations) {
            number(s.retainedBytes);
        }
    }
    number(sample.externalBytes);
    number(sample.heapBytes);
    number(sample.totalBytes());
    if (m_allocations) {
        number(sample.slabBytes);
        number(sample.retainedBytes);
    }
    m_line.push_back('\n');
    m_out << m_line;
}

std::string samplesCsvOf(const RecordingSpec& spec, std::int64_t throughMs)
{
    std::ostringstream out;
    Simulation simulation(spec.scenario, spec.options);
    CsvSampleWriter writer(out, spec.scenario);
    simulation.addSampleSink(&writer);
    for (const TimingEdit& edit : spec.edits) {
        // Edits are made between steps, when the run had written edit.line lines.
        while (simulation.stats().events < edit.line && simulation.step()) {
        }
        simulation.setStageTiming(edit.stage, edit.timing);
    }
    simulation.runUntil(throughMs);
    return out.str();
}

}  // namespace bplab
