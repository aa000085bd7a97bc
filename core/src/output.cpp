#include "bplab_core/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace bplab {

namespace {

// How far ahead of the bytes written a file's space is reserved.
constexpr std::int64_t kReserveStep = 16 * 1024 * 1024;

std::string reason(int error)
{
    return std::strerror(error);
}

}  // namespace

void OstreamByteSink::write(std::string_view bytes)
{
    m_out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void OstreamByteSink::flush()
{
    m_out.flush();
}

Result<std::unique_ptr<FileByteSink>> FileByteSink::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        return Error{path + ": cannot open for writing: " + reason(errno)};
    }
    struct stat info {};
    const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    return std::unique_ptr<FileByteSink>(new FileByteSink(fd, path, true, regular));
}

std::unique_ptr<FileByteSink> FileByteSink::standardOutput()
{
    return std::unique_ptr<FileByteSink>(new FileByteSink(STDOUT_FILENO, "stdout", false, false));
}

FileByteSink::FileByteSink(int fd, std::string name, bool owned, bool reserve)
    : m_fd(fd), m_name(std::move(name)), m_owned(owned), m_reserve(reserve)
{
}

FileByteSink::~FileByteSink()
{
    try {
        close();
    } catch (const OutputError&) {  // NOLINT(bugprone-empty-catch): see close()
    }
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
        // that cannot reserve simply allocates as it goes.
        if (::fallocate(m_fd, FALLOC_FL_KEEP_SIZE, m_reserved, want - m_reserved) == 0) {
            m_reserved = want;
        } else {
            m_reserve = false;
        }
    }
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, data, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw OutputError(m_name + ": cannot write: " + reason(errno));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    m_written = end;
}

void FileByteSink::close()
{
    if (m_fd < 0 || !m_owned) {
        m_fd = -1;
        return;
    }
    const int fd = m_fd;
    m_fd = -1;
    // Truncating to the size the file already has frees the blocks reserved
    // beyond it.
    const bool trimmed = m_reserved <= m_written || ::ftruncate(fd, m_written) == 0;
    const int trimError = errno;
    if (::close(fd) != 0) {
        throw OutputError(m_name + ": cannot write: " + reason(errno));
    }
    if (!trimmed) {
        throw OutputError(m_name + ": cannot give back reserved space: " + reason(trimError));
    }
}

}  // namespace bplab
