#include "bplab_ui/text/text_panel.h"

#include "bplab_ui/compare/compare_mode.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/text/decoded_text.h"
#include "bplab_ui/text/text_dock.h"

#include <QApplication>
#include <QDockWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>

#include <gtest/gtest.h>

#include <algorithm>

namespace bplab::ui {
namespace {

// The two text examples: Chinese text and emoji (226 bytes of UTF-8) read in
// 46 chunks of 5 bytes by 'file' and decoded by 'console'. The figures below
// are real Node 24's, from `node resources/node/harness.js` on each example:
// per chunk, 46 decode lines whose texts hold 70 U+FFFD; with a
// StringDecoder, 46 decode lines and end()'s "" (47 in all), the text whole.
const QString kText = QString::fromUtf8(
    "背压：消费者跟不上时，生产者就要等一等。🐢 慢的写入端让 pipe() 暂停读取，缓冲区排空后再继续。"
    "🚀 汉字三个字节，表情四个字节，五个字节一块总会切开字符。🙂");
const QString kPerChunk = QString::fromUtf8(
    "背��：���费者��不���时，��产���就要��一���。🐢 慢��写���端让 pipe() "
    "暂���读取��缓���区排��后���继续��🚀 "
    "汉���三个��节���表情��个���节，��个���节一��总���切开��符�����");

// Virtual ms past the end of every example here (each ends before 21 s).
constexpr std::int64_t kPastTheEnd = 60000;

Scenario example(const char* name)
{
    const auto loaded = loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) + "/" + name + ".json");
    EXPECT_TRUE(loaded.ok());
    return loaded.value();
}

TEST(DecodedText, HoldsEveryDecodeLineUpToTheCursor)
{
    ui::Run run;
    run.load(example("text-cut-decoded-per-chunk"));
    run.seekTime(kPastTheEnd);
    DecodedText text;
    text.follow(run);
    EXPECT_EQ(text.stage(), 1);
    EXPECT_EQ(text.decode(), Decode::PerChunk);
    ASSERT_EQ(text.pieces().size(), 46u);
    EXPECT_EQ(text.text(), kPerChunk);
    EXPECT_EQ(text.replacementCount(), 70);
    EXPECT_EQ(text.bytesDecoded(), 226);
    // Node's first decode line is line 8 (0-based): "背" and the cut start of "压".
    EXPECT_EQ(text.pieces()[0].line, 8);
    EXPECT_EQ(text.pieces()[0].bytes, 5);
    EXPECT_EQ(text.pieces()[0].text, QString::fromUtf8("背\uFFFD"));
    EXPECT_EQ(text.pieces()[1].line, 193);
    EXPECT_EQ(text.pieces()[1].text, QString::fromUtf8("\uFFFD：\uFFFD"));
}

TEST(DecodedText, FollowsAStepBackAndASeekForward)
{
    ui::Run run;
    run.load(example("text-cut-decoded-per-chunk"));
    run.seekTime(kPastTheEnd);
    DecodedText text;
    text.follow(run);
    ASSERT_EQ(text.pieces().size(), 46u);

    run.seekLine(193);  // the second decode line
    text.follow(run);
    ASSERT_EQ(text.pieces().size(), 2u);
    EXPECT_EQ(text.pieces()[1].bytes, 5);
    run.stepBack();  // its process line: one piece
    text.follow(run);
    EXPECT_EQ(text.pieces().size(), 1u);
    run.stepForward();  // the decode line again, with its chunk's bytes
    text.follow(run);
    ASSERT_EQ(text.pieces().size(), 2u);
    EXPECT_EQ(text.pieces()[1].bytes, 5);
    EXPECT_EQ(text.pieces()[1].text, QString::fromUtf8("\uFFFD：\uFFFD"));

    run.seekTime(kPastTheEnd);
    text.follow(run);
    EXPECT_EQ(text.text(), kPerChunk);
}

TEST(DecodedText, AStringDecoderEndsWithWhatEndReturned)
{
    ui::Run run;
    run.load(example("text-cut-decoded-with-string-decoder"));
    run.seekTime(kPastTheEnd);
    DecodedText text;
    text.follow(run);
    EXPECT_EQ(text.decode(), Decode::StringDecoder);
    ASSERT_EQ(text.pieces().size(), 47u);
    EXPECT_EQ(text.text(), kText);
    EXPECT_EQ(text.replacementCount(), 0);
    EXPECT_EQ(text.pieces()[0].text, QString::fromUtf8("背"));
    EXPECT_EQ(text.pieces()[1].text, QString::fromUtf8("压："));
    EXPECT_TRUE(text.pieces().back().end);
    EXPECT_EQ(text.pieces().back().bytes, 0);
    EXPECT_EQ(text.pieces().back().text, QString());
}

TEST(DecodedText, AScenarioWithoutTextHasNoDecodingStage)
{
    ui::Run run;
    run.load(example("fast-producer-slow-consumer"));
    run.seekTime(1000);
    DecodedText text;
    text.follow(run);
    EXPECT_EQ(text.stage(), -1);
    EXPECT_TRUE(text.pieces().empty());
}

// The highlighted characters of a view: each U+FFFD has the red background.
int redCharacters(const QTextBrowser* view)
{
    int red = 0;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().background().color() == QColor(0xc6, 0x28, 0x28)) {
                red += static_cast<int>(fragment.text().size());
            }
        }
    }
    return red;
}

TEST(TextPanel, HighlightsEachReplacementAndMarksEachChunkBoundary)
{
    ui::Run run;
    run.load(example("text-cut-decoded-per-chunk"));
    run.seekTime(kPastTheEnd);
    TextPanel panel(&run);
    panel.resize(800, 400);
    panel.refresh();
    ASSERT_EQ(panel.columnCount(), 1);
    EXPECT_EQ(panel.columnTitle(0), QStringLiteral("Per chunk: chunk.toString('utf8')"));
    EXPECT_EQ(panel.columnText(0), kPerChunk);
    EXPECT_EQ(panel.replacementCount(0), 70);
    EXPECT_EQ(panel.boundaryCount(0), 45);
    EXPECT_EQ(redCharacters(panel.view(0)), 70);
    // The view holds the text and one bar per boundary.
    EXPECT_EQ(panel.view(0)->toPlainText().size(), kPerChunk.size() + 45);
    EXPECT_EQ(panel.columnStatus(0),
              QString::fromUtf8("46 of 46 chunks decoded (226 of 226 bytes), 70 × U+FFFD"));
}

TEST(TextPanel, FollowsTheCursorBackAndShowsTheBytesTheDecoderHolds)
{
    ui::Run run;
    run.load(example("text-cut-decoded-with-string-decoder"));
    run.seekTime(kPastTheEnd);
    TextPanel panel(&run);
    panel.refresh();
    EXPECT_EQ(panel.boundaryCount(0), 46);

    // At Node's first decode line the decoder returned "背" and holds the
    // first two of the three bytes of "压" (E5 8E 8B).
    run.seekLine(8);
    panel.refresh();
    EXPECT_EQ(panel.columnText(0), QString::fromUtf8("背"));
    EXPECT_EQ(panel.boundaryCount(0), 0);
    EXPECT_EQ(panel.columnStatus(0),
              QString::fromUtf8("1 of 46 chunks decoded (5 of 226 bytes), 0 × U+FFFD; the "
                                "decoder holds E5 8E (the start of a cut character)"));
    run.seekTime(kPastTheEnd);
    panel.refresh();
    EXPECT_EQ(panel.columnText(0), kText);
    EXPECT_EQ(panel.columnStatus(0),
              QString::fromUtf8("46 of 46 chunks decoded (226 of 226 bytes), 0 × U+FFFD; end() "
                                "returned \"\""));
}

TEST(TextPanel, ShowsBothRunsOfAComparisonPerChunkFirst)
{
    ui::Run decoder;
    decoder.load(example("text-cut-decoded-with-string-decoder"));
    decoder.seekTime(kPastTheEnd);
    ui::Run perChunk;
    perChunk.load(example("text-cut-decoded-per-chunk"));
    perChunk.seekTime(kPastTheEnd);
    TextPanel panel(&decoder);
    panel.resize(900, 400);
    panel.show();  // resize events reach a shown widget
    panel.setOtherRun(&perChunk, QStringLiteral("A"), QStringLiteral("B"));
    ASSERT_EQ(panel.columnCount(), 2);
    EXPECT_TRUE(panel.sideBySide());
    EXPECT_EQ(panel.columnTitle(0), QStringLiteral("B: Per chunk: chunk.toString('utf8')"));
    EXPECT_EQ(panel.columnTitle(1), QStringLiteral("A: StringDecoder: decoder.write(chunk)"));
    EXPECT_EQ(panel.columnText(0), kPerChunk);
    EXPECT_EQ(panel.columnText(1), kText);

    panel.resize(400, 600);
    EXPECT_FALSE(panel.sideBySide());
}

TEST(TextDock, IsShownForATextScenarioAndHiddenForAnother)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    QDockWidget* dock = installTextPanel(&window, installCompareMode(&window));
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    EXPECT_FALSE(dock->isVisible());

    ASSERT_TRUE(window.openExample(QStringLiteral("text-cut-decoded-per-chunk")));
    EXPECT_TRUE(dock->isVisible());
    window.player().advanceBy(1000);  // the chunks decoded by t = 1 s: Node's 3 decode lines
    EXPECT_EQ(textPanelOf(dock)->columnText(0), QString::fromUtf8("背��：���费"));

    // Hidden by hand, it stays hidden when the same scenario restarts.
    dock->hide();
    window.run().load(window.run().scenario());
    EXPECT_FALSE(dock->isVisible());

    ASSERT_TRUE(window.openExample(QStringLiteral("gzip-flushes-a-trailer")));
    EXPECT_FALSE(dock->isVisible());
}

TEST(TextDock, ShowsTheClassicPairSideBySideWhileComparing)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    CompareMode* compare = installCompareMode(&window);
    QDockWidget* dock = installTextPanel(&window, compare);
    window.resize(1280, 800);
    window.show();
    const auto pair = std::find_if(
        classicPairs().begin(), classicPairs().end(),
        [](const ClassicPair& p) { return p.a == QStringLiteral("text-cut-decoded-per-chunk"); });
    ASSERT_NE(pair, classicPairs().end());
    EXPECT_EQ(pair->b, QStringLiteral("text-cut-decoded-with-string-decoder"));
    ASSERT_TRUE(compare->openPair(*pair));
    EXPECT_TRUE(dock->isVisible());  // kept while comparing on a narrow window
    window.player().advanceBy(30000);
    TextPanel* panel = textPanelOf(dock);
    ASSERT_EQ(panel->columnCount(), 2);
    EXPECT_EQ(panel->columnText(0), kPerChunk);
    EXPECT_EQ(panel->columnText(1), kText);
}

}  // namespace
}  // namespace bplab::ui
