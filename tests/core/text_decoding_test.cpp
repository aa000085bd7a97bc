// Decoding a text pipeline's chunks (scenario-v2 section 4). The expected
// strings are what Node 24 and 20 return for the same bytes:
// Buffer.from([...]).toString('utf8') and StringDecoder('utf8').
#include "text_decoding.h"

#include <gtest/gtest.h>

#include <string>

namespace bplab {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";
const std::string kEuro = "\xE2\x82\xAC";      // €, 3 bytes
const std::string kGrin = "\xF0\x9F\x98\x80";  // 😀, 4 bytes

TEST(DecodeUtf8Chunk, KeepsWholeCharacters)
{
    EXPECT_EQ(decodeUtf8Chunk("a" + kEuro + kGrin + "z"), "a" + kEuro + kGrin + "z");
}

TEST(DecodeUtf8Chunk, TheIncompleteStartOfACharacterIsOneReplacement)
{
    EXPECT_EQ(decodeUtf8Chunk("ab\xE2"), "ab" + kFffd);
    EXPECT_EQ(decodeUtf8Chunk("ab\xE2\x82"), "ab" + kFffd);
    EXPECT_EQ(decodeUtf8Chunk("\xF0\x9F\x98"), kFffd);
}

TEST(DecodeUtf8Chunk, EachContinuationByteOnItsOwnIsOneReplacement)
{
    // "€" cut 1|2: the second chunk holds two continuation bytes.
    EXPECT_EQ(decodeUtf8Chunk("\x82\xAC"
                              "c"),
              kFffd + kFffd + "c");
    EXPECT_EQ(decodeUtf8Chunk("\x9F\x98\x80"), kFffd + kFffd + kFffd);
}

TEST(DecodeUtf8Chunk, AnIllFormedSecondByteEndsTheSequenceAndIsReadAgain)
{
    EXPECT_EQ(decodeUtf8Chunk("\xE0\x80"), kFffd + kFffd);  // E0 needs A0..BF next
    EXPECT_EQ(decodeUtf8Chunk("\xE2"
                              "a"),
              kFffd + "a");
    EXPECT_EQ(decodeUtf8Chunk("\xFF"), kFffd);
}

TEST(Utf8StringDecoder, HoldsACutCharacterUntilItsRestArrives)
{
    Utf8StringDecoder decoder;
    EXPECT_EQ(decoder.write("ab\xF0\x9F"), "ab");
    EXPECT_EQ(decoder.pendingBytes(), 2u);
    EXPECT_EQ(decoder.write("\x98"), "");
    EXPECT_EQ(decoder.pendingBytes(), 3u);
    EXPECT_EQ(decoder.write("\x80"
                            "c" +
                            kEuro.substr(0, 1)),
              kGrin + "c");
    EXPECT_EQ(decoder.pendingBytes(), 1u);
    EXPECT_EQ(decoder.write(kEuro.substr(1)), kEuro);
    EXPECT_EQ(decoder.pendingBytes(), 0u);
    EXPECT_EQ(decoder.end(), "");
}

TEST(Utf8StringDecoder, EndTurnsPendingBytesIntoOneReplacement)
{
    Utf8StringDecoder decoder;
    EXPECT_EQ(decoder.write("x\xE2\x82"), "x");
    EXPECT_EQ(decoder.end(), kFffd);
    EXPECT_EQ(decoder.pendingBytes(), 0u);
}

}  // namespace
}  // namespace bplab
