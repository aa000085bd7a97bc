#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

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

// The system calls that decide whether a file's bytes reached the disk.
// Each behaves as its namesake: -1 with errno set on failure. Tests pass their
// own to fail the way a full disk does.
struct FileCalls {
    std::int64_t (*write)(int fd, const char* data, std::size_t size);
    int (*fsync)(int fd);
};
// write(2) and fsync(2) themselves.
const FileCalls& systemFileCalls();

// Bytes straight into a file descriptor with write(2): no stream buffer in
// between.
//
// A regular file is written atomically: the bytes go to a temporary file in
// the same folder (".NAME.XXXXXX", with the old file's permissions), and
// commit() flushes it to the disk with fsync and renames it over NAME only
// when every write, the fsync and the close succeeded. Until then the old
// file, if any, is untouched; a sink destroyed without a successful commit()
// removes its temporary file. Something that is not a regular file (a
// terminal, a pipe, /dev/full) is written in place.
//
// The temporary file gets its disk space reserved a few MiB ahead of the
// bytes written, which spares the filesystem the per-page bookkeeping of
// delayed allocation; commit() gives back what was reserved beyond the end.
class FileByteSink final : public ByteSink {
public:
    // Prepares to replace `path` (a symbolic link: the file it points to).
    // The error names the path and the system's reason.
    static Result<std::unique_ptr<FileByteSink>> open(const std::string& path,
                                                      const FileCalls& calls = systemFileCalls());
    // Standard output; named "stdout" in errors. Never reserves space.
    static std::unique_ptr<FileByteSink> standardOutput();

    // Without a commit() that succeeded: closes and removes the temporary file.
    ~FileByteSink() override;
    FileByteSink(const FileByteSink&) = delete;
    FileByteSink& operator=(const FileByteSink&) = delete;

    // Writes all of `bytes` or throws OutputError ("PATH: cannot write: REASON").
    void write(std::string_view bytes) override;
    // Gives back the reserved space, fsyncs, closes and renames the temporary
    // file to the real name; throws OutputError naming the path and the
    // system's reason when any of it fails, after removing the temporary file.
    // On standard output it only checks that nothing failed before.
    void commit();
    // The name in errors: the path given to open(), or "stdout".
    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    FileByteSink(int fd, std::string name, std::string target, std::string temporary, bool owned,
                 const FileCalls& calls);
    [[noreturn]] void fail(std::string_view what, int error);
    void discard();

    int m_fd;
    std::string m_name;       // as given, for messages
    std::string m_target;     // the file renamed over ("" when written in place)
    std::string m_temporary;  // the temporary file ("" when written in place)
    bool m_owned;
    FileCalls m_calls;
    bool m_reserve;               // a temporary file of ours: reserve ahead
    std::int64_t m_written = 0;   // bytes written so far
    std::int64_t m_reserved = 0;  // bytes of disk space reserved from offset 0
};

// Replaces the file at `path` with `bytes` atomically (see FileByteSink): the
// old file stays byte for byte unless every step succeeded. The error is
// "PATH: cannot write: REASON" (or "cannot open for writing").
Status writeFileAtomically(const std::string& path, std::string_view bytes,
                           const FileCalls& calls = systemFileCalls());

// A std::ostream whose bytes go to a ByteSink through a buffer of 64 KiB.
// The sink's OutputError comes out of the stream's operations as itself (the
// stream's exceptions() include badbit); flush() writes what is buffered.
class ByteSinkStream final : public std::ostream {
public:
    explicit ByteSinkStream(ByteSink& sink);
    ~ByteSinkStream() override;
    ByteSinkStream(const ByteSinkStream&) = delete;
    ByteSinkStream& operator=(const ByteSinkStream&) = delete;

private:
    class Buffer final : public std::streambuf {
    public:
        explicit Buffer(ByteSink& sink);

    protected:
        int_type overflow(int_type c) override;
        int sync() override;

    private:
        void drain();
        ByteSink& m_sink;
        std::vector<char> m_area;
    };
    Buffer m_buffer;
};

}  // namespace bplab
