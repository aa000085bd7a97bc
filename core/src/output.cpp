#include "bplab_core/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace bplab {

namespace {

// How far ahead of the bytes written a file's space is reserved.
constexpr std::int64_t kReserveStep = 16 * 1024 * 1024;
// What ByteSinkStream gathers before handing it to its sink.
constexpr std::size_t kStreamBufferBytes = 64 * 1024;

std::string reason(int error)
{
    return std::strerror(error);
}

std::int64_t systemWrite(int fd, const char* data, std::size_t size)
{
    return ::write(fd, data, size);
}

int systemFsync(int fd)
{
    return ::fsync(fd);
}

// The permissions a new file would get: 0666 less the process's umask.
mode_t newFileMode()
{
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// Makes a rename within `folder` last across a crash; a filesystem that
// cannot sync a folder (EINVAL) has nothing to make last.
void syncFolder(const std::string& folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

const FileCalls& systemFileCalls()
{
    static const FileCalls calls{&systemWrite, &systemFsync};
    return calls;
}

void OstreamByteSink::write(std::string_view bytes)
{
    m_out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void OstreamByteSink::flush()
{
    m_out.flush();
}

Result<std::unique_ptr<FileByteSink>> FileByteSink::open(const std::string& path,
                                                         const FileCalls& calls)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        // A device, a pipe or a terminal: nothing to replace, written in place.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
            return Error{path + ": cannot open for writing: " + reason(errno)};
        }
        return std::unique_ptr<FileByteSink>(new FileByteSink(fd, path, "", "", true, calls));
    }
    const bool exists = ::stat(path.c_str(), &info) == 0;
    std::error_code ignored;
    // A symbolic link keeps pointing at the file it names: that file is replaced.
    std::filesystem::path target =
        exists ? std::filesystem::canonical(path, ignored) : std::filesystem::path(path);
    if (target.empty()) {
        target = path;
    }
    std::filesystem::path folder = target.parent_path();
    if (folder.empty()) {
        folder = ".";
    }
    std::string temporary = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) {
        return Error{path + ": cannot open for writing: " + reason(errno)};
    }
    // mkostemp makes the file 0600: give it what the old file had, or what a
    // new file would get.
    ::fchmod(fd, exists ? (info.st_mode & 07777) : newFileMode());
    return std::unique_ptr<FileByteSink>(
        new FileByteSink(fd, path, target.string(), std::move(temporary), true, calls));
}

std::unique_ptr<FileByteSink> FileByteSink::standardOutput()
{
    return std::unique_ptr<FileByteSink>(
        new FileByteSink(STDOUT_FILENO, "stdout", "", "", false, systemFileCalls()));
}

FileByteSink::FileByteSink(int fd, std::string name, std::string target, std::string temporary,
                           bool owned, const FileCalls& calls)
    : m_fd(fd),
      m_name(std::move(name)),
      m_target(std::move(target)),
      m_temporary(std::move(temporary)),
      m_owned(owned),
      m_calls(calls),
      m_reserve(!m_temporary.empty())
{
}

FileByteSink::~FileByteSink()
{
    discard();
}

void FileByteSink::discard()
{
    if (m_fd >= 0 && m_owned) {
        ::close(m_fd);
    }
    m_fd = -1;
    if (!m_temporary.empty()) {
        ::unlink(m_temporary.c_str());
        m_temporary.clear();
    }
}

void FileByteSink::fail(std::string_view what, int error)
{
    discard();
    throw OutputError(m_name + ": " + std::string(what) + ": " + reason(error));
}

void FileByteSink::write(std::string_view bytes)
{
    if (m_fd < 0) {
        throw OutputError(m_name + ": write after close");
    }
    const auto end = m_written + static_cast<std::int64_t>(bytes.size());
    if (m_reserve && end > m_reserved) {
        const std::int64_t want = (end / kReserveStep + 1) * kReserveStep;
        // Keep the file's size: only the bytes written count. A filesystem
        // that cannot reserve (or has no room to) simply allocates as it goes,
        // and a full disk then fails the write itself.
        if (::fallocate(m_fd, FALLOC_FL_KEEP_SIZE, m_reserved, want - m_reserved) == 0) {
            m_reserved = want;
        } else {
            m_reserve = false;
        }
    }
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const std::int64_t n = m_calls.write(m_fd, data, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("cannot write", errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    m_written = end;
}

void FileByteSink::commit()
{
    if (m_fd < 0) {
        throw OutputError(m_name + ": write after close");
    }
    if (!m_owned) {
        m_fd = -1;
        return;
    }
    // Truncating to the size the file already has frees the blocks reserved
    // beyond it.
    if (m_reserved > m_written && ::ftruncate(m_fd, m_written) != 0) {
        fail("cannot give back reserved space", errno);
    }
    // A device or a pipe written in place cannot be synced (EINVAL): its
    // writes were all there is to check.
    if (m_calls.fsync(m_fd) != 0 && !(m_temporary.empty() && (errno == EINVAL || errno == EROFS))) {
        fail("cannot write", errno);
    }
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        fail("cannot write", errno);
    }
    if (m_temporary.empty()) {
        return;
    }
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
        fail("cannot replace the file", errno);
    }
    m_temporary.clear();
    const std::string folder = std::filesystem::path(m_target).parent_path().string();
    syncFolder(folder.empty() ? "." : folder);
}

Status writeFileAtomically(const std::string& path, std::string_view bytes, const FileCalls& calls)
{
    auto sink = FileByteSink::open(path, calls);
    if (!sink) {
        return sink.error();
    }
    try {
        (*sink)->write(bytes);
        (*sink)->commit();
    } catch (const OutputError& e) {
        return Error{e.what()};
    }
    return Ok{};
}

ByteSinkStream::ByteSinkStream(ByteSink& sink) : std::ostream(nullptr), m_buffer(sink)
{
    rdbuf(&m_buffer);
    exceptions(std::ios::badbit);
}

// What was not flushed is dropped: a stream destroyed by an error must not
// try to write again.
ByteSinkStream::~ByteSinkStream() = default;

ByteSinkStream::Buffer::Buffer(ByteSink& sink) : m_sink(sink), m_area(kStreamBufferBytes)
{
    setp(m_area.data(), m_area.data() + m_area.size());
}

void ByteSinkStream::Buffer::drain()
{
    const std::string_view bytes(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    // Emptied first: after an error nothing is written twice.
    setp(m_area.data(), m_area.data() + m_area.size());
    if (!bytes.empty()) {
        m_sink.write(bytes);
    }
}

ByteSinkStream::Buffer::int_type ByteSinkStream::Buffer::overflow(int_type c)
{
    drain();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

int ByteSinkStream::Buffer::sync()
{
    drain();
    m_sink.flush();
    return 0;
}

}  // namespace bplab
