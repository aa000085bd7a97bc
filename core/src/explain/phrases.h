#pragma once

// The words and numbers the explanations are made of.

#include <cstdint>
#include <optional>
#include <string>

#include "bplab_core/scenario.h"

namespace bplab::explain {

std::string quoted(const std::string& id);  // 'id'
// Short decimal form for ratios and per-KiB costs: 0.25, 1, 2.5.
std::string formatNumber(double value);
bool readableObjectMode(const Stage& stage);
bool writableObjectMode(const Stage& stage);
// The highWaterMark the file sets for that side, if any.
std::optional<std::int64_t> configuredHighWaterMark(const Stage& stage, bool readableSide);
// "1 byte", "17,408 bytes", "3 objects".
std::string amount(std::int64_t value, bool objectMode);
// "a" or "an" before a number as it is read aloud.
std::string articleFor(const std::string& number);
// "an 8,192-byte chunk", "an object of 64 bytes".
std::string chunkSize(std::int64_t bytes, bool objectMode);
// The first letter upper-cased, unless the text names a call ("pipe()").
std::string capitalized(std::string text);
std::string wiringName(Wiring wiring);  // "pipe()", "pipeline()", "the naive wiring"
// A whole number computed in double: with thousands separators when it is an
// exact integer within 2^53-1, else in the short decimal form.
std::string formatWhole(double value);

}  // namespace bplab::explain
