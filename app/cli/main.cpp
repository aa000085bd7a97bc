// bplab-cli: runs a scenario on the simulated streams and writes its trace,
// its samples and a one-line summary. Links the core alone.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bplab_core/explain.h"
#include "bplab_core/output.h"
#include "bplab_core/run_summary.h"
#include "bplab_core/samples_csv.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

constexpr std::string_view kUsage = R"(Usage:
  bplab-cli run FILE [options]    run a scenario and write what happened
  bplab-cli validate FILE         check a scenario file and say what is wrong
  bplab-cli --help | --version

Options of run:
  --trace PATH|-        write the trace (JSON Lines) to PATH, or to stdout with -
  --samples PATH.csv    write samples (buffer lengths, flags, counters, memory) as CSV
  --sample-every MS     sample period in virtual ms (default 10)
  --until MS            stop at this virtual time (overrides the file's until_ms)
  --node 20|24          run with this Node profile (overrides the file's "node")
  --explain             add a "why" field to each trace line: why it happened, in words
  --quiet               no summary line on stderr

Exit status: 0 success, 2 bad input or a missing file, 1 internal error.
)";

// A command-line mistake or bad input: reported on stderr, exit 2.
struct BadInput {
    std::string message;
};

struct RunOptions {
    std::string file;
    std::optional<std::string> tracePath;
    std::optional<std::string> samplesPath;
    std::int64_t sampleEveryMs = 10;
    std::optional<std::int64_t> untilMs;
    std::optional<bplab::NodeProfile> profile;
    bool quiet = false;
    bool explain = false;
};

std::int64_t parseMs(std::string_view option, std::string_view text, std::int64_t minimum)
{
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value < minimum) {
        throw BadInput{std::string(option) + ": expected an integer >= " + std::to_string(minimum) +
                       ", got \"" + std::string(text) + "\""};
    }
    return value;
}

RunOptions parseRunOptions(const std::vector<std::string_view>& args)
{
    RunOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= args.size()) {
                throw BadInput{std::string(arg) + ": missing value"};
            }
            return args[++i];
        };
        if (arg == "--trace") {
            options.tracePath = std::string(value());
        } else if (arg == "--samples") {
            options.samplesPath = std::string(value());
        } else if (arg == "--sample-every") {
            options.sampleEveryMs = parseMs(arg, value(), 1);
        } else if (arg == "--until") {
            options.untilMs = parseMs(arg, value(), 0);
        } else if (arg == "--node") {
            const std::string_view v = value();
            if (v == "20") {
                options.profile = bplab::NodeProfile::V20;
            } else if (v == "24") {
                options.profile = bplab::NodeProfile::V24;
            } else {
                throw BadInput{"--node: expected 20 or 24, got \"" + std::string(v) + "\""};
            }
        } else if (arg == "--quiet") {
            options.quiet = true;
        } else if (arg == "--explain") {
            options.explain = true;
        } else if (arg.starts_with("-") && arg != "-") {
            throw BadInput{"unknown option " + std::string(arg)};
        } else if (options.file.empty()) {
            options.file = std::string(arg);
        } else {
            throw BadInput{"unexpected argument \"" + std::string(arg) + "\""};
        }
    }
    if (options.file.empty()) {
        throw BadInput{"run: missing scenario FILE"};
    }
    if (options.explain && !options.tracePath) {
        throw BadInput{"--explain: needs --trace PATH|-"};
    }
    return options;
}

bplab::Scenario loadOrThrow(const std::string& file)
{
    auto loaded = bplab::loadScenarioFile(file);
    if (!loaded) {
        throw BadInput{loaded.error().message};
    }
    return std::move(loaded).value();
}

// Opens an output file; "-" is stdout. Opened only after the scenario is known
// to be valid, so that bad input writes nothing.
std::ostream& openOutput(const std::string& path, std::unique_ptr<std::ofstream>& holder)
{
    if (path == "-") {
        return std::cout;
    }
    holder = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*holder) {
        throw BadInput{path + ": cannot open for writing"};
    }
    return *holder;
}

// The trace's own output: "-" is stdout.
std::unique_ptr<bplab::FileByteSink> openSink(const std::string& path)
{
    if (path == "-") {
        return bplab::FileByteSink::standardOutput();
    }
    auto opened = bplab::FileByteSink::open(path);
    if (!opened) {
        throw BadInput{opened.error().message};
    }
    return std::move(opened).value();
}

// Throws when a stream's bytes did not all reach their file.
void checkWritten(std::ostream& out, const std::string& path)
{
    out.flush();
    if (!out) {
        throw bplab::OutputError((path == "-" ? std::string("stdout") : path) + ": cannot write");
    }
}

int run(const RunOptions& options)
{
    bplab::Scenario scenario = loadOrThrow(options.file);
    if (options.untilMs) {
        scenario.untilMs = options.untilMs;
    }
    std::vector<std::string> ids;
    ids.reserve(scenario.stages.size());
    for (const auto& stage : scenario.stages) {
        ids.push_back(stage.id);
    }

    // The plain trace goes straight to its file descriptor; the explained
    // trace and the samples go through streams.
    std::unique_ptr<bplab::FileByteSink> traceSink;
    std::unique_ptr<std::ofstream> traceFile;
    std::unique_ptr<std::ofstream> samplesFile;
    std::ostream* traceOut = nullptr;
    std::ostream* samplesOut = nullptr;
    std::unique_ptr<bplab::CsvSampleWriter> samplesWriter;
    if (options.tracePath && options.explain) {
        traceOut = &openOutput(*options.tracePath, traceFile);
    } else if (options.tracePath) {
        traceSink = openSink(*options.tracePath);
    }
    if (options.samplesPath) {
        samplesOut = &openOutput(*options.samplesPath, samplesFile);
        samplesWriter = std::make_unique<bplab::CsvSampleWriter>(*samplesOut, scenario);
    }

    bplab::SimulationOptions simOptions;
    simOptions.profile = options.profile;
    simOptions.sampleEveryMs = samplesWriter ? options.sampleEveryMs : 0;
    bplab::Simulation simulation(scenario, simOptions);
    // The explaining writer reads the simulation's state as each line is
    // recorded, so it runs on the simulation's thread; the plain trace is
    // formatted and written on a thread of its own.
    std::unique_ptr<bplab::BackgroundJsonlTraceWriter> traceWriter;
    std::unique_ptr<bplab::ExplainingTraceWriter> explainingWriter;
    if (traceOut != nullptr) {
        explainingWriter = std::make_unique<bplab::ExplainingTraceWriter>(*traceOut, simulation);
        simulation.addTraceSink(explainingWriter.get());
    } else if (traceSink) {
        traceWriter = std::make_unique<bplab::BackgroundJsonlTraceWriter>(*traceSink, ids);
        simulation.addTraceSink(traceWriter.get());
    }
    if (samplesWriter) {
        simulation.addSampleSink(samplesWriter.get());
    }
    simulation.run();
    if (traceWriter) {
        traceWriter->flush();
        traceSink->close();
    }
    if (explainingWriter) {
        explainingWriter->flush();
        checkWritten(*traceOut, *options.tracePath);
    }
    if (samplesWriter) {
        checkWritten(*samplesOut, *options.samplesPath);
    }

    if (!options.quiet) {
        const bplab::RunSummary summary =
            bplab::summarizeRun(simulation.stats(), simulation.snapshot().back(), simulation.now(),
                                simulation.outcome());
        std::cerr << options.file << ": " << bplab::describeRunSummary(summary) << " (Node "
                  << bplab::toString(simulation.profile()) << ")\n";
    }
    // Everything is written, flushed and closed: leave without taking the
    // simulation, the writer and their memory apart piece by piece, which
    // would only give back what the process's end gives back at once.
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(kExitOk);
}

int validate(const std::vector<std::string_view>& args)
{
    if (args.size() != 1) {
        throw BadInput{"validate: expected exactly one FILE"};
    }
    const std::string file(args[0]);
    const bplab::Scenario scenario = loadOrThrow(file);
    std::cout << file << ": valid scenario \"" << scenario.name << "\", " << scenario.stages.size()
              << " stages, wiring " << bplab::toString(scenario.wiring) << ", Node "
              << bplab::toString(scenario.node) << "\n";
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv)
{
    std::ios::sync_with_stdio(false);
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    try {
        if (args.empty()) {
            std::cerr << kUsage;
            return kExitBadInput;
        }
        const std::string_view command = args.front();
        const std::vector<std::string_view> rest(args.begin() + 1, args.end());
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsage;
            return kExitOk;
        }
        if (command == "--version") {
            std::cout << "bplab-cli " << BPLAB_VERSION << "\n";
            return kExitOk;
        }
        if (command == "run") {
            return run(parseRunOptions(rest));
        }
        if (command == "validate") {
            return validate(rest);
        }
        throw BadInput{"unknown command \"" + std::string(command) + "\" (try --help)"};
    } catch (const BadInput& bad) {
        std::cerr << "bplab-cli: " << bad.message << "\n";
        return kExitBadInput;
    } catch (const bplab::OutputError& e) {
        std::cerr << "bplab-cli: " << e.what() << "\n";
        return kExitInternal;
    } catch (const std::exception& e) {
        std::cerr << "bplab-cli: internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}
