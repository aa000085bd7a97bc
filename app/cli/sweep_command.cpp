#include "sweep_command.h"

#include "bplab_core/output.h"
#include "bplab_core/scenario.h"
#include "bplab_core/sweep.h"

#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace bplab::cli {

namespace {

constexpr int kDone = 0;
constexpr int kBadInput = 2;
constexpr int kOutputFailed = 3;
constexpr int kInterrupted = 130;

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int /*signal*/)
{
    g_interrupted.store(true);
}

int badInput(const std::string& message)
{
    std::cerr << "bplab-cli: sweep: " << message << "\n";
    return kBadInput;
}

}  // namespace

int runSweepCommand(const std::vector<std::string_view>& args)
{
    std::optional<std::string> file;
    std::optional<std::string> out;
    std::vector<SweepAxis> axes;
    unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= args.size()) {
                return std::nullopt;
            }
            return args[++i];
        };
        if (arg == "--vary" || arg == "--jobs" || arg == "--out") {
            const auto given = value();
            if (!given) {
                return badInput(std::string(arg) + ": missing value");
            }
            if (arg == "--vary") {
                auto axis = parseSweepAxis(*given);
                if (!axis) {
                    return badInput(axis.error().message);
                }
                axes.push_back(std::move(axis).value());
            } else if (arg == "--jobs") {
                unsigned n = 0;
                const auto [ptr, ec] =
                    std::from_chars(given->data(), given->data() + given->size(), n);
                if (ec != std::errc{} || ptr != given->data() + given->size() || n < 1 || n > 256) {
                    return badInput("--jobs: expected an integer from 1 to 256, got \"" +
                                    std::string(*given) + "\"");
                }
                jobs = n;
            } else {
                out = std::string(*given);
            }
        } else if (arg.rfind("--", 0) == 0) {
            return badInput("unknown option " + std::string(arg));
        } else if (file) {
            return badInput("expected exactly one FILE");
        } else {
            file = std::string(arg);
        }
    }
    if (!file) {
        return badInput("expected a scenario FILE");
    }
    if (axes.empty()) {
        return badInput("expected at least one --vary PATH=LIST");
    }
    auto base = loadScenarioFile(*file);
    if (!base) {
        return badInput(base.error().message);
    }
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string baseJson = text.str();
    const auto runs = sweepRunCount(axes);
    if (!runs) {
        return badInput(runs.error().message);
    }

    const std::string header = sweepCsvHeader(*base, axes);
    const std::size_t stages = base->stages.size();

    // Rows land by index, so the file is the same whatever the number of threads.
    std::vector<std::optional<std::string>> rows(*runs);
    std::atomic<std::size_t> done{0};
    std::signal(SIGINT, onInterrupt);
    std::thread sweep([&] {
        runSweep(baseJson, axes, jobs, g_interrupted, [&](std::size_t index, SweepRow row) {
            rows[index] = sweepCsvRow(row, stages);
            done.fetch_add(1);
        });
        done.store(*runs + 1);  // finished, whether or not every row was made
    });
    const bool showProgress = isatty(STDERR_FILENO) == 1;
    while (showProgress && done.load() < *runs && !g_interrupted.load()) {
        std::fprintf(stderr, "\rsweep: %zu of %zu runs", done.load(), *runs);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    sweep.join();
    std::signal(SIGINT, SIG_DFL);

    std::string csv = header;
    std::size_t kept = 0;
    for (const auto& row : rows) {
        if (row) {
            csv += *row;
            ++kept;
        }
    }
    if (out) {
        // Written beside the file and renamed over it only once it is whole.
        const Status written = writeFileAtomically(*out, csv);
        if (!written) {
            std::cerr << "bplab-cli: sweep: " << written.error().message << "\n";
            return kOutputFailed;
        }
    } else {
        std::cout << csv << std::flush;
        if (!std::cout) {
            std::cerr << "bplab-cli: sweep: cannot write the rows to standard output\n";
            return kOutputFailed;
        }
    }
    if (showProgress) {
        std::fprintf(stderr, "\r");
    }
    std::fprintf(stderr, "sweep: %zu of %zu runs%s\n", kept, *runs,
                 g_interrupted.load() ? ", stopped by Ctrl-C; the rows done are kept" : "");
    return g_interrupted.load() ? kInterrupted : kDone;
}

}  // namespace bplab::cli
