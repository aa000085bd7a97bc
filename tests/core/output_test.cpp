// The byte sinks behind the trace writers: a file written with write(2), its
// reserved space given back, and errors that name the output.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "bplab_core/output.h"
#include "bplab_core/trace.h"
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
    (*sink)->close();
    EXPECT_EQ(read(path), expected);
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_size, static_cast<off_t>(expected.size()));
    // Whatever the filesystem's block size, the file holds no more than
    // its bytes rounded up to one MiB (the reservation steps are 16 MiB).
    EXPECT_LE(static_cast<std::int64_t>(info.st_blocks) * 512,
              static_cast<std::int64_t>(expected.size()) + 1024 * 1024);
}

TEST_F(FileOutput, TruncatesAnOlderFile)
{
    const auto path = m_dir / "trace.jsonl";
    std::ofstream(path) << std::string(100'000, 'o');
    {
        auto sink = FileByteSink::open(path.string());
        ASSERT_TRUE(sink.ok()) << sink.error().message;
        (*sink)->write("new\n");
    }
    EXPECT_EQ(read(path), "new\n");
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

TEST(FileOutputErrors, TheBackgroundWriterHandsTheSinksErrorToTheNextFlush)
{
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "no /dev/full here";
    }
    auto sink = FileByteSink::open("/dev/full");
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    BackgroundJsonlTraceWriter writer(**sink, {"a"});
    for (int i = 0; i < 100'000; ++i) {
        writer.record({.t = i, .stage = 0, .kind = EventKind::End});
    }
    EXPECT_THROW(writer.flush(), OutputError);
    // Reported once; what comes after it is dropped, not written.
    writer.record({.t = 0, .stage = 0, .kind = EventKind::End});
    EXPECT_NO_THROW(writer.flush());
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
