#include "node_runner.h"

#include "bplab_core/node_check.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <vector>

extern char** environ;

namespace bplab::cli {

namespace {

struct Captured {
    int status = 0;  // exit status, or 128 + signal
    std::string out;
    std::string err;
};

// Runs argv[0] (a path) with argv, capturing stdout and stderr.
Result<Captured> capture(const std::vector<std::string>& argv)
{
    int outPipe[2];
    int errPipe[2];
    if (pipe(outPipe) != 0 || pipe(errPipe) != 0) {
        return Error{std::string("cannot make a pipe: ") + std::strerror(errno)};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, outPipe[0]);
    posix_spawn_file_actions_addclose(&actions, errPipe[0]);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    close(errPipe[1]);
    if (spawned != 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        return Error{argv[0] + ": cannot start: " + std::strerror(spawned)};
    }
    Captured captured;
    // Both pipes read by turns, so that neither fills while the other waits.
    int open = 2;
    fd_set fds;
    char buffer[65536];
    bool outOpen = true;
    bool errOpen = true;
    while (open > 0) {
        FD_ZERO(&fds);
        if (outOpen) {
            FD_SET(outPipe[0], &fds);
        }
        if (errOpen) {
            FD_SET(errPipe[0], &fds);
        }
        if (select(std::max(outPipe[0], errPipe[0]) + 1, &fds, nullptr, nullptr, nullptr) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (auto [fd, isOpen, text] : {std::tuple{outPipe[0], &outOpen, &captured.out},
                                        std::tuple{errPipe[0], &errOpen, &captured.err}}) {
            if (*isOpen && FD_ISSET(fd, &fds)) {
                const ssize_t n = read(fd, buffer, sizeof buffer);
                if (n > 0) {
                    text->append(buffer, static_cast<std::size_t>(n));
                } else if (n == 0 || errno != EINTR) {
                    *isOpen = false;
                    --open;
                }
            }
        }
    }
    close(outPipe[0]);
    close(errPipe[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    captured.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return captured;
}

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

}  // namespace

Result<std::string> nodeVersion(const std::filesystem::path& node)
{
    auto run = capture({node.string(), "--version"});
    if (!run) {
        return run.error();
    }
    if (run->status != 0 || run->out.rfind('v', 0) != 0) {
        return Error{node.string() + " --version: not a Node.js binary (it printed \"" +
                     trimmed(run->out + run->err) + "\")"};
    }
    return trimmed(run->out);
}

Result<std::string> runOnNode(const std::filesystem::path& node,
                              const std::filesystem::path& harness, const Scenario& scenario)
{
    char name[] = "/tmp/bplab-scenario-XXXXXX.json";
    const int fd = mkstemps(name, 5);
    if (fd < 0) {
        return Error{std::string("cannot make a temporary file: ") + std::strerror(errno)};
    }
    const std::string text = serializeScenario(scenario);
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    if (!written) {
        unlink(name);
        return Error{std::string("cannot write ") + name};
    }
    auto run = capture(
        {node.string(), harness.string(), name, "--node", std::string(toString(scenario.node))});
    unlink(name);
    if (!run) {
        return run.error();
    }
    if (run->status != 0) {
        return Error{"the harness on " + node.string() + " failed (exit " +
                     std::to_string(run->status) + "): " + trimmed(run->err)};
    }
    return std::move(run->out);
}

Result<NodeCommandLine> parseNodeCommandLine(const std::vector<std::string_view>& args)
{
    NodeCommandLine line;
    bool haveFile = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--node-binary" || arg == "--harness") {
            if (i + 1 >= args.size()) {
                return Error{std::string(arg) + ": missing value"};
            }
            (arg == "--node-binary" ? line.nodeBinary : line.harness) = std::string(args[++i]);
        } else if (arg.rfind("--", 0) == 0) {
            return Error{"unknown option " + std::string(arg)};
        } else if (haveFile) {
            return Error{"expected exactly one FILE"};
        } else {
            line.file = std::string(arg);
            haveFile = true;
        }
    }
    if (!haveFile) {
        return Error{"expected a FILE"};
    }
    return line;
}

Result<NodeTrace> traceOnNode(const std::string& binary, const std::optional<std::string>& harness,
                              const Scenario& scenario)
{
    auto node = findNodeBinary(binary);
    if (!node) {
        return Error{"--node-binary " + node.error().message};
    }
    auto version = nodeVersion(*node);
    if (!version) {
        return version.error();
    }
    auto harnessFile = findHarness(harness);
    if (!harnessFile) {
        return Error{(harness ? "--harness " : "") + harnessFile.error().message +
                     (harness ? "" : "; give --harness PATH")};
    }
    auto text = runOnNode(*node, *harnessFile, scenario);
    if (!text) {
        return text.error();
    }
    auto lines = parseTraceJsonl(*text);
    if (!lines) {
        return Error{"Node's trace does not parse: " + lines.error().message};
    }
    return NodeTrace{*node, *version, std::move(lines).value()};
}

}  // namespace bplab::cli
