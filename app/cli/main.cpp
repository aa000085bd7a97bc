// bplab-cli: runs a scenario on the simulated streams and writes its trace,
// its samples and a one-line summary. Links the core alone.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
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
#include "bplab_core/version.h"
#include "bplab_fast_trace/background_jsonl_trace_writer.h"
#include "lesson_command.h"
#include "sweep_command.h"
#include "verify_command.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitOutput = 3;

constexpr std::string_view kUsage = R"(Usage:
  bplab-cli run FILE [options]    run a scenario and write what happened
  bplab-cli validate FILE         check a scenario file and say what is wrong
  bplab-cli sweep FILE --vary PATH=LIST ... [--jobs N] [--out FILE.csv]
                                  run every combination of values (PATH as in error
                                  messages: stages[1].highWaterMark, wiring, seed;
                                  LIST: a,b,c or a..b or a..b:step or a..b*k) and
                                  write one CSV row each (exit 0 done, 2 bad input,
                                  3 output not written, 130 Ctrl-C: rows done kept)
  bplab-cli verify FILE [--node-binary PATH] [--harness PATH]
                                  run a scenario here and on real Node (default: node
                                  on PATH) and compare the traces line by line (exit
                                  0 equal, 1 different, 2 bad input or no usable Node)
  bplab-cli lesson check FILE [--node-binary PATH] [--harness PATH]
                                  check that a lesson's pauses and answers hold on
                                  the simulation, and on real Node given its binary
                                  (exit 0 they hold, 1 they do not, 2 bad input)
  bplab-cli convert IN OUT [--format 1|2]
                                  rewrite a scenario in the canonical form
  bplab-cli --help | --version

Options of run:
  --trace PATH|-        write the trace (JSON Lines) to PATH, or to stdout with -
  --samples PATH.csv    write samples (buffer lengths, flags, counters, memory) as CSV
  --sample-every MS     sample period in virtual ms (default 10)
  --until MS            stop at this virtual time (overrides the file's until_ms)
  --node 20|24          run with this Node profile (overrides the file's "node")
  --explain             add a "why" field to each trace line: why it happened, in words
  --max-memory MIB      the simulator's own memory for the chunks the simulated
                        streams hold (default 1024); a run that needs more stops
  --max-events N        stop a run that passes N trace lines
  --quiet               no summary line (nor progress) on stderr

A run stops with exit 2, and writes no output file, when a time or size it
computes would pass 2^53-1, when it passes --max-memory or --max-events, or
when with until_ms its clock stands still for 10,000,000 trace lines (all of
it synchronous, so until_ms can never come). On a terminal, a long run shows
its progress on stderr.

Every output file is written under a temporary name in its folder and
renamed only once all of it is on the disk: a failed run never leaves a
truncated file, and an older file of that name stays as it was.

Exit status: 0 success, 2 bad input or a missing file, 3 an output that could
not be written, 1 internal error.
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
    std::int64_t maxMemoryMib = 1024;
    std::int64_t maxEvents = 0;
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
        } else if (arg == "--max-memory") {
            options.maxMemoryMib = parseMs(arg, value(), 1);
            if (options.maxMemoryMib > (std::int64_t{1} << 32)) {
                throw BadInput{"--max-memory: expected at most 4294967296 MiB"};
            }
        } else if (arg == "--max-events") {
            options.maxEvents = parseMs(arg, value(), 1);
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

// Opens an output; "-" is stdout. Opened only after the scenario is known to
// be valid, so that bad input writes nothing. A file is written under a
// temporary name until commit().
std::unique_ptr<bplab::FileByteSink> openSink(const std::string& path)
{
    if (path == "-") {
        return bplab::FileByteSink::standardOutput();
    }
    auto opened = bplab::FileByteSink::open(path);
    if (!opened) {
        throw bplab::OutputError(opened.error().message);
    }
    return std::move(opened).value();
}

// Writes `text` to stdout, checking that it got there (`> /dev/full` fails).
void printToStdout(std::string_view text)
{
    const auto out = bplab::FileByteSink::standardOutput();
    out->write(text);
    out->commit();
}

// simulation.run(), a slice at a time, with a line on stderr about every
// half second: events so far and the virtual time.
void runShowingProgress(bplab::Simulation& simulation)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto nextShow = start + std::chrono::milliseconds(500);
    bool shown = false;
    std::uint32_t steps = 0;
    while (simulation.step()) {
        if ((++steps & 0xFFF) != 0 || Clock::now() < nextShow) {
            continue;
        }
        nextShow = Clock::now() + std::chrono::milliseconds(500);
        shown = true;
        std::cerr << "\r" << simulation.stats().events << " events, t = " << simulation.now()
                  << " ms virtual   " << std::flush;
    }
    if (shown) {
        std::cerr << "\r\033[K" << std::flush;
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
    // trace and the samples go through streams over their sinks.
    std::unique_ptr<bplab::FileByteSink> traceSink;
    std::unique_ptr<bplab::FileByteSink> samplesSink;
    std::unique_ptr<bplab::ByteSinkStream> traceOut;
    std::unique_ptr<bplab::ByteSinkStream> samplesOut;
    std::unique_ptr<bplab::CsvSampleWriter> samplesWriter;
    if (options.tracePath) {
        traceSink = openSink(*options.tracePath);
        if (options.explain) {
            traceOut = std::make_unique<bplab::ByteSinkStream>(*traceSink);
        }
    }
    if (options.samplesPath) {
        samplesSink = openSink(*options.samplesPath);
        samplesOut = std::make_unique<bplab::ByteSinkStream>(*samplesSink);
        samplesWriter = std::make_unique<bplab::CsvSampleWriter>(*samplesOut, scenario);
    }

    bplab::SimulationOptions simOptions;
    simOptions.profile = options.profile;
    simOptions.sampleEveryMs = samplesWriter ? options.sampleEveryMs : 0;
    simOptions.maxCoreMemoryBytes = options.maxMemoryMib * 1024 * 1024;
    simOptions.maxEvents = options.maxEvents;
    bplab::Simulation simulation(scenario, simOptions);
    // The explaining writer reads the simulation's state as each line is
    // recorded, so it runs on the simulation's thread; the plain trace is
    // formatted and written on a thread of its own.
    std::unique_ptr<bplab::BackgroundJsonlTraceWriter> traceWriter;
    std::unique_ptr<bplab::ExplainingTraceWriter> explainingWriter;
    if (traceOut) {
        explainingWriter = std::make_unique<bplab::ExplainingTraceWriter>(*traceOut, simulation);
        simulation.addTraceSink(explainingWriter.get());
    } else if (traceSink) {
        traceWriter = std::make_unique<bplab::BackgroundJsonlTraceWriter>(*traceSink, ids);
        simulation.addTraceSink(traceWriter.get());
    }
    if (samplesWriter) {
        simulation.addSampleSink(samplesWriter.get());
    }
    try {
        if (!options.quiet && ::isatty(STDERR_FILENO) == 1) {
            runShowingProgress(simulation);
        } else {
            simulation.run();
        }
    } catch (const bplab::RunStopped& stopped) {
        throw BadInput{options.file + ": the run stopped: " + stopped.what()};
    }
    // Everything written so far reaches its temporary file; only then does
    // each output take its real name.
    if (traceWriter) {
        traceWriter->flush();
    }
    if (explainingWriter) {
        explainingWriter->flush();
        traceOut->flush();
    }
    if (samplesOut) {
        samplesOut->flush();
    }
    if (traceSink) {
        traceSink->commit();
    }
    if (samplesSink) {
        samplesSink->commit();
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
    // A wiring per pair reads as its entries in order: "pipe, for-await".
    std::string wiring(bplab::toString(scenario.wiring));
    if (!scenario.pairWirings.empty()) {
        wiring.clear();
        for (const bplab::Wiring pair : scenario.pairWirings) {
            wiring += (wiring.empty() ? "" : ", ") + std::string(bplab::toString(pair));
        }
        wiring = "[" + wiring + "]";
    }
    printToStdout(file + ": valid scenario \"" + scenario.name + "\", " +
                  std::to_string(scenario.stages.size()) + " stages, wiring " + wiring + ", Node " +
                  std::string(bplab::toString(scenario.node)) + "\n");
    return kExitOk;
}

// Rewrites a scenario in the canonical form serializeScenario writes: format 1
// unless the scenario uses a key of format 2 (--format 2 writes /2 anyway;
// --format 1 refuses a scenario that needs /2, naming the key).
int convert(const std::vector<std::string_view>& args)
{
    std::vector<std::string_view> files;
    int formatVersion = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format") {
            if (i + 1 >= args.size()) {
                throw BadInput{"--format: missing value"};
            }
            const std::string_view format = args[++i];
            if (format != "1" && format != "2") {
                throw BadInput{"--format: expected 1 or 2, got \"" + std::string(format) + "\""};
            }
            formatVersion = format == "1" ? 1 : 2;
        } else if (args[i].starts_with("-") && args[i] != "-") {
            throw BadInput{"unknown option " + std::string(args[i])};
        } else {
            files.push_back(args[i]);
        }
    }
    if (files.size() != 2) {
        throw BadInput{"convert: expected IN and OUT"};
    }
    const bplab::Scenario scenario = loadOrThrow(std::string(files[0]));
    if (formatVersion == 1) {
        if (const std::string path = bplab::formatTwoPathOf(scenario); !path.empty()) {
            throw BadInput{"--format 1: " + std::string(files[0]) + " uses " + path +
                           ", a key of bplab-scenario/2"};
        }
    }
    const std::string text = bplab::serializeScenario(scenario, formatVersion);
    if (files[1] == "-") {
        printToStdout(text);
        return kExitOk;
    }
    const bplab::Status written = bplab::writeFileAtomically(std::string(files[1]), text);
    if (!written) {
        throw bplab::OutputError(written.error().message);
    }
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
            std::cout << "bplab-cli " << bplab::kVersion << "\n";
            return kExitOk;
        }
        if (command == "run") {
            return run(parseRunOptions(rest));
        }
        if (command == "validate") {
            return validate(rest);
        }
        if (command == "sweep") {
            return bplab::cli::runSweepCommand(rest);
        }
        if (command == "verify") {
            return bplab::cli::runVerifyCommand(rest);
        }
        if (command == "lesson") {
            return bplab::cli::runLessonCommand(rest);
        }
        if (command == "convert") {
            return convert(rest);
        }
        throw BadInput{"unknown command \"" + std::string(command) + "\" (try --help)"};
    } catch (const BadInput& bad) {
        std::cerr << "bplab-cli: " << bad.message << "\n";
        return kExitBadInput;
    } catch (const bplab::OutputError& e) {
        std::cerr << "bplab-cli: " << e.what() << "\n";
        return kExitOutput;
    } catch (const std::exception& e) {
        std::cerr << "bplab-cli: internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}
