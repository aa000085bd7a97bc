#include "bplab_core/sweep.h"

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"
#include "scenario_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <thread>

namespace bplab {

namespace {

using Json = scenario_json::Json;

std::string_view trim(std::string_view text)
{
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<std::int64_t> integerOf(std::string_view text)
{
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value > scenario_json::kMaxSafeInteger ||
        value < -scenario_json::kMaxSafeInteger) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> numberOf(std::string_view text)
{
    double value = 0.0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// One item of a,b,c as JSON: a number or true/false as it is, a word as a string.
std::string itemAsJson(std::string_view item)
{
    if (item == "true" || item == "false" || item == "null" || numberOf(item)) {
        return Json::parse(item).dump();
    }
    return Json(std::string(item)).dump();
}

// A path of keys and indices: stages[2].highWaterMark.readable.
struct Step {
    std::string key;  // empty for an index
    std::size_t index = 0;
};

Result<std::vector<Step>> parsePath(std::string_view path)
{
    std::vector<Step> steps;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '[') {
            const std::size_t close = path.find(']', i);
            const auto index = close == std::string_view::npos
                                   ? std::nullopt
                                   : integerOf(path.substr(i + 1, close - i - 1));
            if (!index || *index < 0) {
                return Error{std::string(path) + ": expected an index [N] at character " +
                             std::to_string(i + 1)};
            }
            steps.push_back({"", static_cast<std::size_t>(*index)});
            i = close + 1;
            continue;
        }
        if (path[i] == '.') {
            if (steps.empty() || i + 1 >= path.size()) {
                return Error{std::string(path) + ": a path is keys joined by . and [N]"};
            }
            ++i;
        }
        const std::size_t end = path.find_first_of(".[", i);
        const std::string_view key = path.substr(i, end == std::string_view::npos ? end : end - i);
        if (key.empty()) {
            return Error{std::string(path) + ": a path is keys joined by . and [N]"};
        }
        steps.push_back({std::string(key), 0});
        i = end == std::string_view::npos ? path.size() : end;
    }
    if (steps.empty()) {
        return Error{"expected PATH=LIST, with a JSON path such as stages[1].highWaterMark"};
    }
    return steps;
}

// Keeps the largest rlen and wlen each stage's lines recorded.
class PeakLengths final : public TraceSink {
public:
    explicit PeakLengths(std::size_t stages) : readable(stages, -1), writable(stages, -1) {}
    void record(const TraceEvent& event) override
    {
        if (event.stage < 0) {
            return;
        }
        const auto stage = static_cast<std::size_t>(event.stage);
        const EventFields fields = fieldsOf(event.kind);
        if (fields.rlen) {
            readable[stage] = std::max(readable[stage], event.length);
        }
        if (fields.wlen) {
            writable[stage] = std::max(writable[stage], event.length);
        }
    }
    std::vector<std::int64_t> readable;
    std::vector<std::int64_t> writable;
};

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

// A value as the CSV shows it: strings without their JSON quotes.
std::string valueField(const std::string& json)
{
    if (json.size() >= 2 && json.front() == '"') {
        return csvField(json.substr(1, json.size() - 2));
    }
    return csvField(json);
}

std::string formatRate(double rate)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", rate);
    return text;
}

}  // namespace

Result<SweepAxis> parseSweepAxis(std::string_view spec)
{
    const std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) {
        return Error{"--vary " + std::string(spec) + ": expected PATH=LIST"};
    }
    SweepAxis axis;
    axis.path = std::string(trim(spec.substr(0, equals)));
    if (auto path = parsePath(axis.path); !path) {
        return Error{"--vary " + path.error().message};
    }
    const std::string_view list = trim(spec.substr(equals + 1));
    const std::string where = "--vary " + axis.path + "=" + std::string(list);
    const std::size_t dots = list.find("..");
    if (dots == std::string_view::npos) {
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = list.find(',', start);
            const std::string_view item =
                trim(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
            if (item.empty()) {
                return Error{where + ": an empty value in the list"};
            }
            axis.values.push_back(itemAsJson(item));
            if (comma == std::string_view::npos) {
                break;
            }
            start = comma + 1;
        }
    } else {
        const std::string_view rest = list.substr(dots + 2);
        const std::size_t mark = rest.find_first_of(":*");
        const auto from = integerOf(trim(list.substr(0, dots)));
        const auto to = integerOf(trim(rest.substr(0, mark)));
        if (!from || !to || *to < *from) {
            return Error{where + ": expected a..b with integers a <= b"};
        }
        if (mark == std::string_view::npos || rest[mark] == ':') {
            std::int64_t step = 1;
            if (mark != std::string_view::npos) {
                const auto given = integerOf(trim(rest.substr(mark + 1)));
                if (!given || *given < 1) {
                    return Error{where + ": expected a step that is an integer >= 1"};
                }
                step = *given;
            }
            if ((*to - *from) / step + 1 > static_cast<std::int64_t>(kMaxSweepValues)) {
                return Error{where + ": more than " + std::to_string(kMaxSweepValues) + " values"};
            }
            for (std::int64_t v = *from; v <= *to; v += step) {
                axis.values.push_back(std::to_string(v));
            }
        } else {
            const auto factor = numberOf(trim(rest.substr(mark + 1)));
            if (!factor || *factor <= 1.0 || *from < 1) {
                return Error{where + ": expected a..b*k with 1 <= a and a factor k > 1"};
            }
            axis.geometric = true;
            // Exact integers while they stay integers: 1024*2 gives 1024, 2048, ...
            for (double v = static_cast<double>(*from); v <= static_cast<double>(*to);
                 v *= *factor) {
                const double rounded = std::round(v);
                axis.values.push_back(std::to_string(static_cast<std::int64_t>(rounded)));
            }
            axis.values.erase(std::unique(axis.values.begin(), axis.values.end()),
                              axis.values.end());
        }
    }
    if (axis.values.size() > kMaxSweepValues) {
        return Error{where + ": more than " + std::to_string(kMaxSweepValues) + " values"};
    }
    return axis;
}

Result<std::size_t> sweepRunCount(const std::vector<SweepAxis>& axes)
{
    std::size_t runs = 1;
    for (const SweepAxis& axis : axes) {
        if (axis.values.empty() || runs > kMaxSweepRuns / axis.values.size()) {
            return Error{"the sweep has more than " + std::to_string(kMaxSweepRuns) + " runs"};
        }
        runs *= axis.values.size();
    }
    return runs;
}

std::vector<std::string> sweepValues(const std::vector<SweepAxis>& axes, std::size_t index)
{
    std::vector<std::string> values(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {
        values[a] = axes[a].values[index % axes[a].values.size()];
        index /= axes[a].values.size();
    }
    return values;
}

Result<std::string> withValues(std::string_view scenarioJson, const std::vector<SweepAxis>& axes,
                               const std::vector<std::string>& values)
{
    Json root;
    try {
        root = Json::parse(scenarioJson);
    } catch (const Json::parse_error& error) {
        return Error{std::string("the scenario is not JSON: ") + error.what()};
    }
    for (std::size_t a = 0; a < axes.size(); ++a) {
        auto steps = parsePath(axes[a].path);
        if (!steps) {
            return steps.error();
        }
        Json* at = &root;
        std::string where;
        for (std::size_t s = 0; s < steps->size(); ++s) {
            const Step& step = (*steps)[s];
            const bool last = s + 1 == steps->size();
            if (step.key.empty()) {
                where = scenario_json::joinIndex(where, step.index);
                if (!at->is_array() || step.index >= at->size()) {
                    return Error{where + ": no such item" +
                                 (at->is_array() ? " (there are " + std::to_string(at->size()) + ")"
                                                 : std::string())};
                }
                at = &(*at)[step.index];
            } else {
                where = where.empty() ? step.key : scenario_json::joinKey(where, step.key);
                if (!at->is_object()) {
                    return Error{where + ": its parent is not an object"};
                }
                if (!last && !at->contains(step.key)) {
                    return Error{where + ": the scenario has no such key"};
                }
                at = &(*at)[step.key];
            }
        }
        *at = Json::parse(values[a]);
    }
    return root.dump();
}

SweepRow runSweepVariant(std::string_view scenarioJson, const std::vector<SweepAxis>& axes,
                         std::size_t index)
{
    SweepRow row;
    row.values = sweepValues(axes, index);
    auto text = withValues(scenarioJson, axes, row.values);
    if (!text) {
        row.error = text.error().message;
        return row;
    }
    auto scenario = parseScenario(*text);
    if (!scenario) {
        row.error = scenario.error().message;
        return row;
    }
    const std::size_t stages = scenario->stages.size();
    SimulationOptions options;
    options.sampleEveryMs = 0;
    Simulation simulation(std::move(scenario).value(), options);
    PeakLengths peaks(stages);
    simulation.addTraceSink(&peaks);
    simulation.run();
    const std::vector<StageSnapshot> snapshot = simulation.snapshot();
    row.summary =
        summarizeRun(simulation.stats(), snapshot.back(), simulation.now(), simulation.outcome());
    row.peakReadable = std::move(peaks.readable);
    row.peakWritable = std::move(peaks.writable);
    for (std::size_t s = 0; s < stages; ++s) {
        if (!snapshot[s].readable.present) {
            row.peakReadable[s] = -1;
        }
        if (!snapshot[s].writable.present) {
            row.peakWritable[s] = -1;
        }
    }
    return row;
}

void runSweep(std::string_view scenarioJson, const std::vector<SweepAxis>& axes, unsigned jobs,
              const std::atomic<bool>& stop,
              const std::function<void(std::size_t index, SweepRow row)>& onRow)
{
    const auto runs = sweepRunCount(axes);
    if (!runs) {
        return;
    }
    // Workers take the next combination; each variant is a whole simulation
    // of its own, so they share nothing but the counter and onRow's lock.
    std::atomic<std::size_t> next{0};
    std::mutex handing;
    const auto work = [&] {
        while (!stop.load()) {
            const std::size_t index = next.fetch_add(1);
            if (index >= *runs) {
                return;
            }
            SweepRow row = runSweepVariant(scenarioJson, axes, index);
            const std::lock_guard<std::mutex> lock(handing);
            onRow(index, std::move(row));
        }
    };
    std::vector<std::thread> threads;
    const auto workers = static_cast<unsigned>(std::min<std::size_t>(std::max(1U, jobs), *runs));
    for (unsigned t = 0; t < workers; ++t) {
        threads.emplace_back(work);
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
}

std::string sweepCsvHeader(const Scenario& base, const std::vector<SweepAxis>& axes)
{
    std::string header;
    for (const SweepAxis& axis : axes) {
        header += csvField(axis.path) + ",";
    }
    const bool objects = !base.stages.empty() && base.stages.back().objectMode.writable;
    header += std::string("duration_ms,outcome,events,pauses,drains,") +
              (objects ? "throughput_objects_per_s" : "throughput_bytes_per_s") +
              ",peak_memory_bytes,peak_memory_at_ms";
    for (const Stage& stage : base.stages) {
        header += "," + csvField(stage.id + ".peak_readable_length") + "," +
                  csvField(stage.id + ".peak_writable_length");
    }
    return header + ",error\n";
}

std::string sweepCsvRow(const SweepRow& row, std::size_t stages)
{
    std::string line;
    for (const std::string& value : row.values) {
        line += valueField(value) + ",";
    }
    if (row.error) {
        line += std::string(",error") + std::string(6 + 2 * stages, ',') + csvField(*row.error);
        return line + "\n";
    }
    const RunSummary& s = row.summary;
    line += std::to_string(s.durationMs) + "," + std::string(toString(s.outcome)) + "," +
            std::to_string(s.events) + "," + std::to_string(s.pauses) + "," +
            std::to_string(s.drains) + "," + formatRate(s.throughputPerSecond()) + "," +
            std::to_string(s.peakMemoryBytes) + "," + std::to_string(s.peakMemoryAtMs);
    for (std::size_t i = 0; i < stages; ++i) {
        for (const std::int64_t peak : {i < row.peakReadable.size() ? row.peakReadable[i] : -1,
                                        i < row.peakWritable.size() ? row.peakWritable[i] : -1}) {
            line += ",";
            if (peak >= 0) {
                line += std::to_string(peak);
            }
        }
    }
    return line + ",\n";
}

}  // namespace bplab
