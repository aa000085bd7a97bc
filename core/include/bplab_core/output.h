#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bplab_core/result.h"

namespace bplab {

// Thrown by a ByteSink whose bytes could not be written (disk full, closed
// pipe, ...). The message names the output and the system's reason.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where a writer's bytes go. Used by one thread at a time.
class ByteSink {
public:
    virtual ~ByteSink() = default;
    // Writes all of `bytes` or throws OutputError.
    virtual void write(std::string_view bytes) = 0;
    virtual void flush() {}
};

// Bytes into a std::ostream (a string stream in tests, a file stream).
class OstreamByteSink final : public ByteSink {
public:
    explicit OstreamByteSink(std::ostream& out) : m_out(out) {}
    void write(std::string_view bytes) override;
    void flush() override;

private:
    std::ostream& m_out;
};

// Bytes straight into a file descriptor with write(2): no stream buffer in
// between. A regular file it opened itself gets its disk space reserved a few
// MiB ahead of the bytes written, which spares the filesystem the per-page
// bookkeeping of delayed allocation; close() gives back what was reserved
// beyond the end.
class FileByteSink final : public ByteSink {
public:
    // Creates or truncates `path`. The error names the path and the reason.
    static Result<std::unique_ptr<FileByteSink>> open(const std::string& path);
    // Standard output; named "stdout" in errors. Never reserves space.
    static std::unique_ptr<FileByteSink> standardOutput();

    ~FileByteSink() override;
    FileByteSink(const FileByteSink&) = delete;
    FileByteSink& operator=(const FileByteSink&) = delete;

    void write(std::string_view bytes) override;
    // Gives back the reserved space and closes a file it opened; throws
    // OutputError when that fails. Called by the destructor too, which
    // swallows the error: call it to learn about one.
    void close();

private:
    FileByteSink(int fd, std::string name, bool owned, bool reserve);

    int m_fd;
    std::string m_name;
    bool m_owned;
    bool m_reserve;               // a regular file of ours: reserve ahead
    std::int64_t m_written = 0;   // bytes written so far
    std::int64_t m_reserved = 0;  // bytes of disk space reserved from offset 0
};

}  // namespace bplab
