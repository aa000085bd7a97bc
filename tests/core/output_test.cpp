// The byte sinks behind every output: a file written with write(2) under a
// temporary name and renamed only when all of it reached the disk, its
// reserved space given back, and errors that name the output and the reason.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "bplab_core/output.h"
#include "temp_folder.h"

namespace bplab {
namespace {

class FileOutput : public TempFolderTest {
protected:
    static std::string read(const std::filesystem::path& path)
    {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    // The names in the test's folder, sorted: a temporary file left behind shows.
    [[nodiscard]] std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(m_dir)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }
    static mode_t modeOf(const std::filesystem::path& path)
    {
        struct stat info {};
        ::stat(path.c_str(), &info);
        return info.st_mode & 07777;
    }
};

TEST_F(FileOutput, WritesEveryByteInOrderAndGivesBackTheSpaceReservedBeyondTheEnd)
{
    const auto path = m_dir / "trace.jsonl";
    auto sink = FileByteSink::open(path.string());
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    std::string expected;
    for (int i = 0; i < 30'000; ++i) {
        const std::string piece =
            "line " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x') + "\n";
        (*sink)->write(piece);
        expected += piece;
    }
    (*sink)->commit();
    EXPECT_EQ(read(path), expected);
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_size, static_cast<off_t>(expected.size()));
    // Whatever the filesystem's block size, the file holds no more than
    // its bytes rounded up to one MiB (the reservation steps are 16 MiB).
    EXPECT_LE(static_cast<std::int64_t>(info.st_blocks) * 512,
              static_cast<std::int64_t>(expected.size()) + 1024 * 1024);
}

TEST_F(FileOutput, ReplacesAnOlderFileOnlyWhenCommitted)
{
    const auto path = m_dir / "trace.jsonl";
    std::ofstream(path) << std::string(100'000, 'o');
    auto sink = FileByteSink::open(path.string());
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    (*sink)->write("new\n");
    EXPECT_EQ(read(path), std::string(100'000, 'o'));
    (*sink)->commit();
    EXPECT_EQ(read(path), "new\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"trace.jsonl"});
}

TEST_F(FileOutput, ASinkDestroyedWithoutCommitLeavesTheOldFileAndNoTemporaryFile)
{
    const auto path = m_dir / "trace.jsonl";
    std::ofstream(path) << "old\n";
    {
        auto sink = FileByteSink::open(path.string());
        ASSERT_TRUE(sink.ok()) << sink.error().message;
        (*sink)->write(std::string(3'000'000, 'n'));
    }
    EXPECT_EQ(read(path), "old\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"trace.jsonl"});
}

TEST_F(FileOutput, ANewFileGetsTheUsualPermissionsAndAReplacedOneKeepsItsOwn)
{
    const auto fresh = m_dir / "fresh.json";
    ASSERT_TRUE(writeFileAtomically(fresh.string(), "{}").ok());
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(modeOf(fresh), 0666 & ~mask);

    const auto kept = m_dir / "kept.json";
    std::ofstream(kept) << "old";
    ASSERT_EQ(::chmod(kept.c_str(), 0640), 0);
    ASSERT_TRUE(writeFileAtomically(kept.string(), "{}").ok());
    EXPECT_EQ(modeOf(kept), 0640u);
    EXPECT_EQ(read(kept), "{}");
}

TEST_F(FileOutput, ASymbolicLinkKeepsPointingAtTheFileItNamesWhichIsReplaced)
{
    const auto real = m_dir / "real.json";
    const auto link = m_dir / "link.json";
    std::ofstream(real) << "old";
    std::filesystem::create_symlink(real, link);
    ASSERT_TRUE(writeFileAtomically(link.string(), "new").ok());
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_EQ(read(real), "new");
}

// A disk that fills after `t_roomBytes` more bytes: write(2) and fsync(2) as a
// full filesystem fails them.
std::int64_t t_roomBytes = 0;
std::int64_t writeUntilFull(int fd, const char* data, std::size_t size)
{
    if (t_roomBytes <= 0) {
        errno = ENOSPC;
        return -1;
    }
    const auto n = std::min<std::int64_t>(t_roomBytes, static_cast<std::int64_t>(size));
    t_roomBytes -= n;
    return ::write(fd, data, static_cast<std::size_t>(n));
}
int fsyncFails(int /*fd*/)
{
    errno = ENOSPC;
    return -1;
}
int fsyncFailsWithIoError(int /*fd*/)
{
    errno = EIO;
    return -1;
}

TEST_F(FileOutput, AWriteThatFindsTheDiskFullFailsWithTheReasonAndLeavesTheOldFile)
{
    const auto path = m_dir / "scenario.json";
    const std::string old = "{\"format\": \"bplab-scenario/1\"}\n";
    std::ofstream(path) << old;
    t_roomBytes = 1000;
    const Status written = writeFileAtomically(path.string(), std::string(5000, 'x'),
                                               {&writeUntilFull, systemFileCalls().fsync});
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().message, path.string() + ": cannot write: No space left on device");
    EXPECT_EQ(read(path), old);
    EXPECT_EQ(entries(), std::vector<std::string>{"scenario.json"});
}

TEST_F(FileOutput, AFlushToTheDiskThatFailsIsAnErrorAndTheOldFileStays)
{
    const auto path = m_dir / "scenario.json";
    std::ofstream(path) << "old";
    Status written =
        writeFileAtomically(path.string(), "new", {systemFileCalls().write, &fsyncFails});
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().message, path.string() + ": cannot write: No space left on device");
    written = writeFileAtomically(path.string(), "new",
                                  {systemFileCalls().write, &fsyncFailsWithIoError});
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().message, path.string() + ": cannot write: Input/output error");
    EXPECT_EQ(read(path), "old");
    EXPECT_EQ(entries(), std::vector<std::string>{"scenario.json"});
}

TEST_F(FileOutput, AStreamOverASinkThrowsTheSinksErrorAndWritesNothingUnderTheRealName)
{
    const auto path = m_dir / "samples.csv";
    std::ofstream(path) << "old";
    t_roomBytes = 100'000;
    auto sink = FileByteSink::open(path.string(), {&writeUntilFull, systemFileCalls().fsync});
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    ByteSinkStream out(**sink);
    try {
        for (int i = 0; i < 100'000; ++i) {
            out << "row " << i << "\n";
        }
        out.flush();
        FAIL() << "every write succeeded";
    } catch (const OutputError& e) {
        EXPECT_EQ(std::string(e.what()), path.string() + ": cannot write: No space left on device");
    }
    EXPECT_EQ(read(path), "old");
}

// A real full filesystem: a 64 KiB tmpfs. Mounting needs root; elsewhere the
// injected writes above show the same.
class FullFilesystem : public FileOutput {
protected:
    void SetUp() override
    {
        FileOutput::SetUp();
        m_mount = m_dir / "small";
        std::filesystem::create_directories(m_mount);
        const std::string command =
            "mount -t tmpfs -o size=64k bplab-test " + m_mount.string() + " 2>/dev/null";
        if (::geteuid() != 0 || std::system(command.c_str()) != 0) {
            GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
        }
        m_mounted = true;
    }
    void TearDown() override
    {
        if (m_mounted) {
            std::system(("umount " + m_mount.string()).c_str());
        }
        FileOutput::TearDown();
    }
    std::filesystem::path m_mount;
    bool m_mounted = false;
};

TEST_F(FullFilesystem, ASaveThatDoesNotFitFailsWithTheReasonAndLeavesTheOldFileByteForByte)
{
    const auto path = m_mount / "scenario.json";
    std::string old;
    for (int i = 0; i < 2000; ++i) {
        old += std::to_string(i) + ",";
    }
    ASSERT_TRUE(writeFileAtomically(path.string(), old).ok());
    const Status written = writeFileAtomically(path.string(), std::string(200'000, 'n'));
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().message, path.string() + ": cannot write: No space left on device");
    EXPECT_EQ(read(path), old);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(m_mount)) {
        names.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(names, std::vector<std::string>{"scenario.json"});
}

TEST_F(FileOutput, ANameThatCannotBeOpenedIsAnErrorNamingThePathAndTheReason)
{
    const auto path = m_dir / "no-such-folder" / "trace.jsonl";
    const auto sink = FileByteSink::open(path.string());
    ASSERT_FALSE(sink.ok());
    EXPECT_EQ(sink.error().message,
              path.string() + ": cannot open for writing: No such file or directory");
}

TEST(FileOutputErrors, AFullDeviceIsAnOutputErrorNamingThePath)
{
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "no /dev/full here";
    }
    auto sink = FileByteSink::open("/dev/full");
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    try {
        (*sink)->write("x");
        FAIL() << "the write succeeded";
    } catch (const OutputError& e) {
        EXPECT_EQ(std::string(e.what()), "/dev/full: cannot write: No space left on device");
    }
}

TEST(StreamOutput, WritesIntoTheStream)
{
    std::ostringstream out;
    OstreamByteSink sink(out);
    sink.write("ab");
    sink.write("c");
    sink.flush();
    EXPECT_EQ(out.str(), "abc");
}

}  // namespace
}  // namespace bplab
