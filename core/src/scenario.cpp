#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "random.h"
#include "scenario_json.h"

namespace bplab {

namespace {

using scenario_json::describe;
using scenario_json::describeDouble;
using scenario_json::joinIndex;
using scenario_json::joinKey;
using scenario_json::Json;
using scenario_json::jsonQuoted;
using scenario_json::kMaxSafeInteger;

constexpr std::string_view kFormatV1 = "bplab-scenario/1";
constexpr std::string_view kFormatV2 = "bplab-scenario/2";
constexpr std::string_view kNeedsV2 = ": needs \"format\": \"bplab-scenario/2\"";

// Inside this file the first problem found ends the reading or the
// validation: it travels up as a Rejection and leaves the public functions
// as an Error value.
struct Rejection {
    std::string message;
};

[[noreturn]] void reject(std::string message)
{
    throw Rejection{std::move(message)};
}

std::string quotedName(std::string_view name)
{
    return "\"" + std::string(name) + "\"";
}

// ---------------------------------------------------------------------------
// Rules shared by parseScenario and validateScenario.

struct IntegerRule {
    std::int64_t min;
    std::int64_t max;
    std::string_view expected;
};
constexpr IntegerRule kAtLeastZero{0, kMaxSafeInteger, "an integer >= 0"};
constexpr IntegerRule kAtLeastOne{1, kMaxSafeInteger, "an integer >= 1"};
constexpr IntegerRule kAtLeastOneInPushMode{1, kMaxSafeInteger, "an integer >= 1 in push mode"};
constexpr IntegerRule kSplitRange{1, kMaxSplit, "an integer from 1 to 100000"};
constexpr IntegerRule kSeedRange{0, 4294967295, "an integer from 0 to 4294967295"};
// The limit in bytes (limit * 2^20) must itself be an integer a JavaScript
// number holds exactly, and so fits every int64 computation on it.
constexpr IntegerRule kMemoryLimitRange{
    1, kMaxSafeInteger / (1024 * 1024),
    "an integer from 1 to 8589934591 (the limit in bytes must stay within 2^53-1)"};

struct NumberRule {
    double min;
    bool minExcluded;
    double max;
    std::string_view expected;
};
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr NumberRule kNumberAtLeastZero{0.0, false, kInfinity, "a number >= 0"};
constexpr NumberRule kNumberAboveZero{0.0, true, kInfinity, "a number > 0"};
constexpr NumberRule kNumberZeroToOne{0.0, false, 1.0, "a number from 0 to 1"};

[[noreturn]] void rejectUnsafeInteger(const std::string& path, const IntegerRule& rule,
                                      const std::string& shown)
{
    if (rule.max < kMaxSafeInteger) {
        // The rule's own range already lies within 2^53-1: one range to name.
        reject(path + ": expected " + std::string(rule.expected) + ", got " + shown);
    }
    reject(path + ": expected " + std::string(rule.expected) +
           " within ±9007199254740991 (2^53-1, the largest integer a JavaScript number holds"
           " exactly), got " +
           shown);
}

void checkInteger(std::int64_t value, const std::string& path, const IntegerRule& rule,
                  const std::string& shown)
{
    if (value > kMaxSafeInteger || value < -kMaxSafeInteger) {
        rejectUnsafeInteger(path, rule, shown);
    }
    if (value < rule.min || value > rule.max) {
        reject(path + ": expected " + std::string(rule.expected) + ", got " + shown);
    }
}

void checkInteger(std::int64_t value, const std::string& path, const IntegerRule& rule)
{
    checkInteger(value, path, rule, std::to_string(value));
}

void checkNumber(double value, const std::string& path, const NumberRule& rule,
                 const std::string& shown)
{
    const bool aboveMin = rule.minExcluded ? value > rule.min : value >= rule.min;
    if (!std::isfinite(value) || !aboveMin || value > rule.max) {
        reject(path + ": expected " + std::string(rule.expected) + ", got " + shown);
    }
}

void checkNumber(double value, const std::string& path, const NumberRule& rule)
{
    checkNumber(value, path, rule, describeDouble(value));
}

void checkUtf8(const std::string& text, const std::string& path)
{
    if (const auto bad = scenario_json::findInvalidUtf8(text)) {
        std::ostringstream byte;
        byte << std::hex << static_cast<unsigned>(static_cast<unsigned char>(text[*bad]));
        reject(path + ": expected UTF-8 text, got the byte 0x" + byte.str() + " at offset " +
               std::to_string(*bad));
    }
}

void checkStageCount(std::size_t count)
{
    if (count < 2) {
        reject("stages: expected an array of at least 2 stages, got " + std::to_string(count));
    }
}

bool isIdCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

[[noreturn]] void rejectId(const std::string& path, const std::string& shown)
{
    reject(path + ": expected 1 to 32 characters from A-Z, a-z, 0-9, \"_\" and \"-\", got " +
           shown);
}

void checkId(const std::string& id, const std::string& path)
{
    bool ok = !id.empty() && id.size() <= 32;
    for (const char c : id) {
        ok = ok && isIdCharacter(c);
    }
    if (!ok) {
        rejectId(path, jsonQuoted(id));
    }
}

void checkKindAt(StageKind kind, std::size_t index, std::size_t count, const std::string& path)
{
    const std::string found = quotedName(toString(kind));
    if (index == 0 && kind != StageKind::Readable) {
        reject(path + ": the first stage must be \"readable\", got " + found);
    }
    if (index + 1 == count && index != 0 && kind != StageKind::Writable) {
        reject(path + ": the last stage must be \"writable\", got " + found);
    }
    if (index != 0 && index + 1 != count && kind != StageKind::Transform) {
        reject(path + ": a stage between the first and the last must be \"transform\", got " +
               found);
    }
}

// The keys of a stage, in the order of the spec's table (which is also the
// order they are written in), with the kinds they belong to.
enum KindMask : unsigned { kOnReadable = 1u, kOnTransform = 2u, kOnWritable = 4u };
struct StageKey {
    std::string_view name;
    unsigned kinds;
    int version = 1;  // the format that introduced the key
};
constexpr std::array<StageKey, 20> kStageKeys{{
    {"id", kOnReadable | kOnTransform | kOnWritable},
    {"kind", kOnReadable | kOnTransform | kOnWritable},
    {"objectMode", kOnReadable | kOnTransform | kOnWritable},
    {"highWaterMark", kOnReadable | kOnTransform | kOnWritable},
    {"chunks", kOnReadable},
    {"chunk_bytes", kOnReadable},
    {"interval_ms", kOnReadable},
    {"mode", kOnReadable},
    {"delay_ms", kOnTransform | kOnWritable},
    {"per_kib_ms", kOnTransform | kOnWritable},
    {"ratio", kOnTransform},
    {"split", kOnTransform},
    {"jitter", kOnReadable | kOnTransform | kOnWritable},
    {"flush_ms", kOnTransform, 2},
    {"flush_chunks", kOnTransform, 2},
    {"flush_bytes", kOnTransform, 2},
    {"text", kOnReadable, 2},
    {"alloc", kOnReadable | kOnTransform, 2},
    {"decode", kOnWritable, 2},
    {"retain_bytes", kOnWritable, 2},
}};

unsigned maskOf(StageKind kind)
{
    switch (kind) {
        case StageKind::Readable:
            return kOnReadable;
        case StageKind::Transform:
            return kOnTransform;
        case StageKind::Writable:
            return kOnWritable;
    }
    return 0;
}

const StageKey* findStageKey(std::string_view name)
{
    for (const StageKey& key : kStageKeys) {
        if (key.name == name) {
            return &key;
        }
    }
    return nullptr;
}

bool allowedOn(std::string_view name, StageKind kind)
{
    const StageKey* key = findStageKey(name);
    return key != nullptr && (key->kinds & maskOf(kind)) != 0;
}

[[noreturn]] void rejectNotAllowed(const std::string& path, StageKind kind)
{
    reject(path + ": not allowed on a " + quotedName(toString(kind)) + " stage");
}

Json toJson(bool value)
{
    return Json(value);
}
Json toJson(const std::optional<std::int64_t>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::string describePerSide(const PerSide<T>& value)
{
    Json object = Json::object();
    for (const auto& [side, sideValue] :
         {std::pair{"readable", &value.readable}, std::pair{"writable", &value.writable}}) {
        if (const Json shown = toJson(*sideValue); !shown.is_null()) {
            object[side] = shown;
        }
    }
    return describe(object);
}

[[noreturn]] void rejectPerSideObject(const std::string& path, const std::string& shown)
{
    reject(path + ": a per-side object is allowed only on a \"transform\" stage, got " + shown);
}

// The side rules: a readable has only a readable side, a writable only a
// writable side; a transform's single value applies to both sides.
template <typename T>
void checkSides(const PerSide<T>& value, StageKind kind, const std::string& path)
{
    if (kind == StageKind::Transform) {
        if (!value.split && value.readable != value.writable) {
            reject(path + ": expected the same value on both sides unless given per side, got " +
                   describePerSide(value));
        }
        return;
    }
    if (value.split) {
        rejectPerSideObject(path, describePerSide(value));
    }
    const bool readable = kind == StageKind::Readable;
    const T& unused = readable ? value.writable : value.readable;
    if (unused != T{}) {
        reject(joinKey(path, readable ? "writable" : "readable") + ": not allowed on a " +
               quotedName(toString(kind)) + " stage, got " + describe(toJson(unused)));
    }
}

void checkHighWaterMark(const PerSide<std::optional<std::int64_t>>& value, StageKind kind,
                        const std::string& path)
{
    checkSides(value, kind, path);
    const auto checkSide = [&](const std::optional<std::int64_t>& side,
                               const std::string& sidePath) {
        if (side) {
            checkInteger(*side, sidePath, kAtLeastZero);
        }
    };
    if (value.split) {
        checkSide(value.readable, joinKey(path, "readable"));
        checkSide(value.writable, joinKey(path, "writable"));
    } else {
        checkSide(kind == StageKind::Writable ? value.writable : value.readable, path);
    }
}

// flush_chunks and flush_bytes describe the _flush that flush_ms creates.
void checkFlushKey(bool hasFlush, const std::string& path)
{
    if (!hasFlush) {
        reject(path + ": allowed only with flush_ms (a transform without flush_ms has no _flush)");
    }
}

// Whether each side of the stage is in objectMode, as the stream is built
// (a transform's single value sets both sides).
std::pair<bool, bool> objectModeSides(const Stage& stage)
{
    if (stage.objectMode.split) {
        return {stage.objectMode.readable, stage.objectMode.writable};
    }
    const bool both = stage.objectMode.readable || stage.objectMode.writable;
    return {both, both};
}

// scenario-v2 section 5: alloc on byte-mode readable sides, retain_bytes on a
// byte-mode writable (an object has no subarray).
template <typename Foreign>
void checkBufferKeys(const Stage& stage, const std::string& path, const Foreign& foreign)
{
    const auto [readableObjects, writableObjects] = objectModeSides(stage);
    if (foreign("alloc", !stage.alloc) && stage.alloc && readableObjects) {
        reject(joinKey(path, "alloc") + ": allowed only on a byte-mode readable side (Buffers); " +
               path + "'s readable side is in objectMode, got " +
               quotedName(toString(*stage.alloc)));
    }
    if (foreign("retain_bytes", !stage.retainBytes) && stage.retainBytes) {
        checkInteger(*stage.retainBytes, joinKey(path, "retain_bytes"), kAtLeastZero);
        if (*stage.retainBytes > 0 && writableObjects) {
            reject(joinKey(path, "retain_bytes") +
                   ": needs a byte-mode writable (an object has no subarray); " + path +
                   " is in objectMode, got " + std::to_string(*stage.retainBytes));
        }
    }
}

void checkStage(const Stage& stage, std::size_t index, std::size_t count)
{
    const std::string path = joinIndex("stages", index);
    const auto field = [&](std::string_view name) { return joinKey(path, name); };
    checkId(stage.id, field("id"));
    checkKindAt(stage.kind, index, count, field("kind"));
    checkSides(stage.objectMode, stage.kind, field("objectMode"));
    checkHighWaterMark(stage.highWaterMark, stage.kind, field("highWaterMark"));

    // A field that does not belong to the kind must keep its default: the
    // file has no place for it.
    const Stage defaults;
    const auto foreign = [&](std::string_view name, bool isDefault) {
        if (!isDefault && !allowedOn(name, stage.kind)) {
            rejectNotAllowed(field(name), stage.kind);
        }
        return allowedOn(name, stage.kind);
    };
    if (foreign("chunks", stage.chunks == defaults.chunks)) {
        checkInteger(stage.chunks, field("chunks"), kAtLeastZero);
    }
    if (foreign("chunk_bytes", stage.chunkBytes == defaults.chunkBytes)) {
        checkInteger(stage.chunkBytes, field("chunk_bytes"), kAtLeastOne);
    }
    if (foreign("interval_ms", stage.intervalMs == defaults.intervalMs)) {
        checkInteger(stage.intervalMs, field("interval_ms"), kAtLeastZero);
    }
    if (foreign("mode", stage.mode == defaults.mode) && stage.mode == SourceMode::Push) {
        checkInteger(stage.intervalMs, field("interval_ms"), kAtLeastOneInPushMode);
    }
    if (foreign("delay_ms", stage.delayMs == defaults.delayMs)) {
        checkInteger(stage.delayMs, field("delay_ms"), kAtLeastZero);
    }
    if (foreign("per_kib_ms", stage.perKibMs == defaults.perKibMs)) {
        checkNumber(stage.perKibMs, field("per_kib_ms"), kNumberAtLeastZero);
    }
    if (foreign("ratio", stage.ratio == defaults.ratio)) {
        checkNumber(stage.ratio, field("ratio"), kNumberAboveZero);
    }
    if (foreign("split", stage.split == defaults.split)) {
        checkInteger(stage.split, field("split"), kSplitRange);
    }
    if (foreign("jitter", stage.jitter == defaults.jitter)) {
        checkNumber(stage.jitter, field("jitter"), kNumberZeroToOne);
    }
    foreign("text", !stage.text);
    foreign("decode", stage.decode == defaults.decode);
    if (foreign("flush_ms", !stage.flushMs)) {
        if (stage.flushMs) {
            checkInteger(*stage.flushMs, field("flush_ms"), kAtLeastZero);
        }
    }
    if (foreign("flush_chunks", stage.flushChunks == defaults.flushChunks)) {
        checkInteger(stage.flushChunks, field("flush_chunks"), kAtLeastZero);
        if (stage.flushChunks != defaults.flushChunks) {
            checkFlushKey(stage.flushMs.has_value(), field("flush_chunks"));
        }
    }
    if (foreign("flush_bytes", stage.flushBytes == defaults.flushBytes)) {
        checkInteger(stage.flushBytes, field("flush_bytes"), kAtLeastOne);
        if (stage.flushBytes != defaults.flushBytes) {
            checkFlushKey(stage.flushMs.has_value(), field("flush_bytes"));
        }
    }
    checkBufferKeys(stage, path, foreign);
}

void checkUniqueIds(const std::vector<Stage>& stages)
{
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const auto [it, inserted] = seen.emplace(stages[i].id, i);
        if (!inserted) {
            reject(joinIndex("stages", i) + ".id: duplicate id " + jsonQuoted(stages[i].id) +
                   " (also " + joinIndex("stages", it->second) + ".id)");
        }
    }
}

[[noreturn]] void rejectFaultStage(const std::string& path, const std::string& shown)
{
    reject(path + ": expected the id of a stage, got " + shown);
}

using StageIds = std::unordered_set<std::string_view>;

StageIds stageIdsOf(const std::vector<Stage>& stages)
{
    StageIds ids;
    for (const Stage& stage : stages) {
        ids.insert(stage.id);
    }
    return ids;
}

void checkFault(const Fault& fault, std::size_t index, const StageIds& stageIds)
{
    const std::string path = joinIndex("faults", index);
    checkInteger(fault.atMs, joinKey(path, "at_ms"), kAtLeastZero);
    if (stageIds.count(fault.stage) == 0) {
        rejectFaultStage(joinKey(path, "stage"), jsonQuoted(fault.stage));
    }
    checkUtf8(fault.message, joinKey(path, "message"));
}

// The "ui" text must be exactly one JSON object, as the file would hold it
// below the top-level object (hence one level of nesting less).
void checkUi(const std::string& uiJson)
{
    if (uiJson.empty()) {
        return;
    }
    if (uiJson.size() > kMaxScenarioBytes) {
        reject("ui: expected at most " + std::to_string(kMaxScenarioBytes) +
               " bytes of JSON, got " + std::to_string(uiJson.size()) + " bytes");
    }
    scenario_json::ReadOptions options;
    options.maxDepth = kMaxJsonDepth - 1;
    options.buildValue = false;
    options.pathPrefix = "ui";
    const auto read = scenario_json::readJson(uiJson, options);
    if (!read) {
        reject(read.error().message);
    }
    if (!read->rootIsObject) {
        reject("ui: expected a JSON object, got " + jsonQuoted(uiJson));
    }
    if (uiJson.front() != '{' || uiJson.back() != '}') {
        reject("ui: expected the text of a JSON object with nothing before or after it, got " +
               jsonQuoted(uiJson));
    }
}

// ---------------------------------------------------------------------------
// What a run computes from the inputs must stay an exact integer below 2^53
// (scenario-v1 section 1). Every chunk entering a stage has the same size, so
// one size and one count per stage decide every step time, output size and
// total.

constexpr std::string_view kBeyondExact =
    "more than 2^53-1 (9007199254740991, the largest integer a JavaScript number holds exactly)";

// a * b, or kMaxSafeInteger + 1 when it passes kMaxSafeInteger.
std::int64_t productOrOver(std::int64_t a, std::int64_t b)
{
    std::int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product) || product > kMaxSafeInteger) {
        return kMaxSafeInteger + 1;
    }
    return product;
}

std::int64_t sumOrOver(std::int64_t a, std::int64_t b)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum) || sum > kMaxSafeInteger) {
        return kMaxSafeInteger + 1;
    }
    return sum;
}

// The longest step a chunk of `bytes` can take: round(base * (1 + jitter)).
void checkStepTime(const Stage& stage, std::int64_t bytes, const std::string& path)
{
    const auto field = [&](std::string_view name) { return joinKey(path, name); };
    const double limit = kMaxSafeDouble;
    double base = static_cast<double>(stage.intervalMs);
    if (stage.kind != StageKind::Readable) {
        const double perKib = stage.perKibMs * static_cast<double>(bytes) / 1024.0;
        base = processingBase(stage.delayMs, stage.perKibMs, bytes);
        if (roundHalfUp(perKib) > limit || (roundHalfUp(base) > limit && stage.perKibMs > 0)) {
            reject(field("per_kib_ms") + ": a chunk of " + std::to_string(bytes) +
                   " bytes would take " + describeDouble(roundHalfUp(base)) + " ms, " +
                   std::string(kBeyondExact));
        }
        if (roundHalfUp(base) > limit) {
            reject(field("delay_ms") + ": a step would take " + describeDouble(roundHalfUp(base)) +
                   " ms, " + std::string(kBeyondExact));
        }
    }
    const double longest = roundHalfUp(base * (1.0 + stage.jitter));
    if (stage.jitter > 0.0 && longest > limit) {
        reject(field("jitter") + ": " + describeDouble(stage.jitter) + " makes a step of up to " +
               describeDouble(longest) + " ms, " + std::string(kBeyondExact));
    }
}

// The flush's step time: round(flush_ms * (1 + jitter)) at the longest.
void checkFlush(const Stage& stage, const std::string& path)
{
    const double base = static_cast<double>(*stage.flushMs);
    const double longest = roundHalfUp(base * (1.0 + stage.jitter));
    if (stage.jitter > 0.0 && longest > kMaxSafeDouble) {
        reject(joinKey(path, "jitter") + ": " + describeDouble(stage.jitter) +
               " makes the flush take up to " + describeDouble(longest) + " ms, " +
               std::string(kBeyondExact));
    }
}

void checkComputedValues(const Scenario& scenario)
{
    const Stage& source = scenario.stages.front();
    const std::string sourcePath = joinIndex("stages", 0);
    std::int64_t count = source.chunks;      // chunks entering the next stage
    std::int64_t bytes = source.chunkBytes;  // payload of each
    if (productOrOver(count, bytes) > kMaxSafeInteger) {
        reject(joinKey(sourcePath, "chunks") + ": " + std::to_string(count) + " chunks of " +
               std::to_string(bytes) + " bytes make a total payload " + std::string(kBeyondExact));
    }
    checkStepTime(source, bytes, sourcePath);
    // Every chunk between two stages is held in one place at a time: the
    // upstream readable buffer, or the downstream writable side. All of them
    // held at once, objects with their overhead, is the most the memory
    // totals can reach.
    std::int64_t memory = 0;
    std::string largestKey = joinKey(sourcePath, "chunks");
    std::int64_t largestTotal = -1;
    const auto hold = [&](std::size_t upstream, const std::string& key) {
        const bool objects = scenario.stages[upstream].objectMode.readable ||
                             scenario.stages[upstream + 1].objectMode.writable;
        std::int64_t each = sumOrOver(bytes, objects ? kObjectOverheadBytes : 0);
        if (scenario.stages[upstream].allocOrDefault() == Alloc::Pool) {
            // A pooled chunk (or its retained slice) may hold a whole slab.
            each = std::max(each, bufferPoolSize(NodeProfile::V24));
        }
        const std::int64_t total = productOrOver(count, each);
        memory = sumOrOver(memory, total);
        if (total > largestTotal) {
            largestTotal = total;
            largestKey = key;
        }
    };
    hold(0, joinKey(sourcePath, "chunks"));
    for (std::size_t i = 1; i < scenario.stages.size(); ++i) {
        const Stage& stage = scenario.stages[i];
        const std::string path = joinIndex("stages", i);
        checkStepTime(stage, bytes, path);
        if (stage.kind != StageKind::Transform) {
            continue;
        }
        const double each =
            static_cast<double>(bytes) * stage.ratio / static_cast<double>(stage.split);
        if (roundHalfUp(each) > kMaxSafeDouble) {
            reject(joinKey(path, "ratio") + ": a chunk of " + std::to_string(bytes) +
                   " bytes becomes outputs of " + describeDouble(roundHalfUp(each)) + " bytes, " +
                   std::string(kBeyondExact));
        }
        const std::int64_t outBytes = outputBytes(bytes, stage.ratio, stage.split);
        const std::int64_t outCount = productOrOver(count, stage.split);
        if (outCount > kMaxSafeInteger) {
            reject(joinKey(path, "split") + ": " + std::to_string(count) + " chunks split in " +
                   std::to_string(stage.split) + " make a number of chunks " +
                   std::string(kBeyondExact));
        }
        if (productOrOver(outCount, outBytes) > kMaxSafeInteger) {
            reject(joinKey(path, stage.ratio > 1.0 ? "ratio" : "split") + ": " +
                   std::to_string(outCount) + " outputs of " + std::to_string(outBytes) +
                   " bytes make a total payload " + std::string(kBeyondExact));
        }
        count = outCount;
        bytes = outBytes;
        if (stage.flushMs) {
            checkFlush(stage, path);
            // The flush's chunks join the stream; the largest size bounds
            // every size, time and total downstream.
            const std::int64_t withFlush = sumOrOver(count, stage.flushChunks);
            if (withFlush > kMaxSafeInteger) {
                reject(joinKey(path, "flush_chunks") + ": " + std::to_string(count) +
                       " outputs and " + std::to_string(stage.flushChunks) +
                       " from the flush make a number of chunks " + std::string(kBeyondExact));
            }
            count = withFlush;
            bytes = std::max(bytes, stage.flushBytes);
            if (productOrOver(count, bytes) > kMaxSafeInteger) {
                reject(joinKey(path, "flush_chunks") + ": " + std::to_string(count) +
                       " outputs of up to " + std::to_string(bytes) +
                       " bytes make a total payload " + std::string(kBeyondExact));
            }
        }
        hold(i, joinKey(path, stage.ratio > 1.0 ? "ratio" : "split"));
    }
    if (memory > kMaxSafeInteger) {
        reject(largestKey + ": holding every chunk at once, the memory totals would reach " +
               std::string(kBeyondExact));
    }
}

// The rules of a text pipeline (scenario-v2 section 4): the bytes pass
// through unchanged from the source to the writable, which may decode them.
void checkTextPipeline(const Scenario& scenario)
{
    const Stage& source = scenario.stages.front();
    const std::size_t last = scenario.stages.size() - 1;
    if (!source.text) {
        if (scenario.stages[last].decode != Decode::None) {
            reject(joinKey(joinIndex("stages", last), "decode") +
                   ": needs a text source (stages[0].text)");
        }
        return;
    }
    const std::string sourcePath = joinIndex("stages", 0);
    const std::string& text = *source.text;
    if (const auto bad = scenario_json::findInvalidUtf8(text)) {
        const auto lead = static_cast<unsigned char>(text[*bad]);
        const bool surrogate = lead == 0xEDu && *bad + 1 < text.size() &&
                               static_cast<unsigned char>(text[*bad + 1]) >= 0xA0u;
        if (surrogate) {
            std::size_t character = 0;
            for (std::size_t k = 0; k < *bad; ++k) {
                character += (static_cast<unsigned char>(text[k]) & 0xC0u) != 0x80u ? 1u : 0u;
            }
            reject(joinKey(sourcePath, "text") + ": unpaired surrogate at character " +
                   std::to_string(character));
        }
        checkUtf8(text, joinKey(sourcePath, "text"));
    }
    const auto bytes = static_cast<std::int64_t>(text.size());
    if (bytes < 1 || bytes > kMaxTextBytes) {
        reject(joinKey(sourcePath, "text") + ": expected 1 to 65536 bytes of UTF-8, got " +
               std::to_string(bytes) + " bytes");
    }
    const std::int64_t chunks = textChunkCount(bytes, source.chunkBytes);
    if (source.chunks != chunks) {
        reject(joinKey(sourcePath, "chunks") + ": a text source of " + std::to_string(bytes) +
               " bytes in chunks of " + std::to_string(source.chunkBytes) + " has " +
               std::to_string(chunks) + " chunks, got " + std::to_string(source.chunks));
    }
    constexpr std::string_view kUnchanged = ": a text pipeline passes bytes through unchanged; ";
    for (std::size_t i = 0; i <= last; ++i) {
        const Stage& stage = scenario.stages[i];
        const std::string path = joinIndex("stages", i);
        if (stage.objectMode.readable || stage.objectMode.writable) {
            reject(joinKey(path, "objectMode") + std::string(kUnchanged) +
                   "expected false on every side, got " +
                   (stage.objectMode.split ? describePerSide(stage.objectMode) : "true"));
        }
        if (stage.kind != StageKind::Transform) {
            continue;
        }
        if (stage.ratio != 1.0) {
            reject(joinKey(path, "ratio") + std::string(kUnchanged) + "expected 1, got " +
                   describeDouble(stage.ratio));
        }
        if (stage.split != 1) {
            reject(joinKey(path, "split") + std::string(kUnchanged) + "expected 1, got " +
                   std::to_string(stage.split));
        }
        if (stage.flushMs) {
            reject(joinKey(path, "flush_ms") + std::string(kUnchanged) +
                   "expected no flush_ms, got " + std::to_string(*stage.flushMs));
        }
        if (stage.alloc) {
            reject(joinKey(path, "alloc") + std::string(kUnchanged) + "expected no alloc, got " +
                   quotedName(toString(*stage.alloc)));
        }
    }
}

[[noreturn]] void rejectPipelinePerPair(const std::string& path)
{
    reject(path +
           ": \"pipeline\" wires the whole chain, so it is the single string \"pipeline\", "
           "never an entry of a wiring array; expected \"pipe\", \"naive\" or \"for-await\"");
}

[[noreturn]] void rejectWiringCount(std::size_t stages, std::size_t entries)
{
    const std::size_t pairs = stages - 1;
    reject("wiring: expected an array of " + std::to_string(pairs) + " entr" +
           (pairs == 1 ? "y" : "ies") + ", one per pair of consecutive stages (" +
           std::to_string(stages) + " stages), got " + std::to_string(entries));
}

// A wiring array: one entry per consecutive pair, none of them "pipeline".
// A Buffer pool or retained slices under the for-await loop: the loop's
// iterator keeps a chunk across its awaits, and the memory model does not
// follow that yet (a checkpointed run of it would not be exact).
void checkPairWirings(const Scenario& scenario)
{
    if (scenario.pairWirings.empty()) {
        return;
    }
    const std::size_t pairs = scenario.stages.size() - 1;
    if (scenario.pairWirings.size() != pairs) {
        rejectWiringCount(scenario.stages.size(), scenario.pairWirings.size());
    }
    for (std::size_t i = 0; i < pairs; ++i) {
        if (scenario.pairWirings[i] == Wiring::Pipeline) {
            rejectPipelinePerPair(joinIndex("wiring", i));
        }
    }
}

void checkScenario(const Scenario& scenario)
{
    checkUtf8(scenario.name, "name");
    checkUtf8(scenario.description, "description");
    if (scenario.untilMs) {
        checkInteger(*scenario.untilMs, "until_ms", kAtLeastZero);
    }
    if (scenario.memoryLimitMb) {
        checkInteger(*scenario.memoryLimitMb, "memory_limit_mb", kMemoryLimitRange);
    }
    checkStageCount(scenario.stages.size());
    for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
        checkStage(scenario.stages[i], i, scenario.stages.size());
    }
    checkUniqueIds(scenario.stages);
    checkPairWirings(scenario);
    const StageIds ids = stageIdsOf(scenario.stages);
    for (std::size_t i = 0; i < scenario.faults.size(); ++i) {
        checkFault(scenario.faults[i], i, ids);
    }
    checkTextPipeline(scenario);
    checkComputedValues(scenario);
    checkUi(scenario.uiJson);
}

// ---------------------------------------------------------------------------
// Reading JSON values.

std::int64_t readInteger(const Json& value, const std::string& path, const IntegerRule& rule)
{
    // JavaScript cannot tell 5 from 5.0: any number with an integral value is
    // an integer.
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(kMaxSafeInteger)) {
            rejectUnsafeInteger(path, rule, describe(value));
        }
        const auto result = static_cast<std::int64_t>(number);
        checkInteger(result, path, rule, describe(value));
        return result;
    }
    if (value.is_number_integer()) {
        const auto result = value.get<std::int64_t>();
        checkInteger(result, path, rule, describe(value));
        return result;
    }
    if (value.is_number_float()) {
        const auto number = value.get<double>();
        if (std::trunc(number) == number) {
            if (std::fabs(number) > static_cast<double>(kMaxSafeInteger)) {
                rejectUnsafeInteger(path, rule, describe(value));
            }
            const auto result = static_cast<std::int64_t>(number);
            checkInteger(result, path, rule, describe(value));
            return result;
        }
    }
    reject(path + ": expected " + std::string(rule.expected) + ", got " + describe(value));
}

double readNumber(const Json& value, const std::string& path, const NumberRule& rule)
{
    if (!value.is_number()) {
        reject(path + ": expected " + std::string(rule.expected) + ", got " + describe(value));
    }
    double number = 0.0;
    if (value.is_number_unsigned()) {
        number = static_cast<double>(value.get<std::uint64_t>());
    } else if (value.is_number_integer()) {
        number = static_cast<double>(value.get<std::int64_t>());
    } else {
        number = value.get<double>();
    }
    checkNumber(number, path, rule, describe(value));
    return number;
}

std::string readString(const Json& value, const std::string& path)
{
    if (!value.is_string()) {
        reject(path + ": expected a string, got " + describe(value));
    }
    return value.get<std::string>();
}

bool readBool(const Json& value, const std::string& path, std::string_view expected)
{
    if (!value.is_boolean()) {
        reject(path + ": expected " + std::string(expected) + ", got " + describe(value));
    }
    return value.get<bool>();
}

template <typename E>
struct Choice {
    std::string_view name;
    E value;
};

template <typename E, std::size_t N>
E readChoice(const Json& value, const std::string& path, const std::array<Choice<E>, N>& choices)
{
    if (value.is_string()) {
        for (const Choice<E>& choice : choices) {
            if (value.get_ref<const std::string&>() == choice.name) {
                return choice.value;
            }
        }
    }
    std::string expected;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) {
            expected += i + 1 == N ? " or " : ", ";
        }
        expected += quotedName(choices[i].name);
    }
    reject(path + ": expected " + expected + ", got " + describe(value));
}

constexpr std::array<Choice<NodeProfile>, 2> kProfiles{
    {{"20", NodeProfile::V20}, {"24", NodeProfile::V24}}};
constexpr std::array<Choice<Wiring>, 3> kWirings{
    {{"pipe", Wiring::Pipe}, {"pipeline", Wiring::Pipeline}, {"naive", Wiring::Naive}}};
constexpr std::array<Choice<Wiring>, 4> kWiringsV2{{{"pipe", Wiring::Pipe},
                                                    {"pipeline", Wiring::Pipeline},
                                                    {"naive", Wiring::Naive},
                                                    {"for-await", Wiring::ForAwait}}};
// An entry of a wiring array: "pipeline" only ever wires the whole chain.
constexpr std::array<Choice<Wiring>, 3> kPairWirings{
    {{"pipe", Wiring::Pipe}, {"naive", Wiring::Naive}, {"for-await", Wiring::ForAwait}}};
constexpr std::array<Choice<StageKind>, 3> kKinds{{{"readable", StageKind::Readable},
                                                   {"transform", StageKind::Transform},
                                                   {"writable", StageKind::Writable}}};
constexpr std::array<Choice<SourceMode>, 2> kModes{
    {{"pull", SourceMode::Pull}, {"push", SourceMode::Push}}};
constexpr std::array<Choice<Decode>, 3> kDecodes{{{"none", Decode::None},
                                                  {"per-chunk", Decode::PerChunk},
                                                  {"string_decoder", Decode::StringDecoder}}};
constexpr std::array<Choice<Alloc>, 2> kAllocs{{{"alloc", Alloc::Alloc}, {"pool", Alloc::Pool}}};
constexpr std::array<Choice<FaultAction>, 2> kActions{
    {{"error", FaultAction::Error}, {"destroy", FaultAction::Destroy}}};

constexpr std::array<std::string_view, 11> kTopKeys{
    "format",          "name",   "description", "node", "seed", "until_ms", "wiring",
    "memory_limit_mb", "stages", "faults",      "ui"};
constexpr std::array<std::string_view, 4> kFaultKeys{"at_ms", "stage", "action", "message"};

template <std::size_t N>
std::string listOf(const std::array<std::string_view, N>& names)
{
    std::string out;
    for (const std::string_view name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

template <std::size_t N>
void rejectUnknownKeys(const Json& object, const std::string& path,
                       const std::array<std::string_view, N>& known)
{
    for (const auto& [key, value] : object.items()) {
        bool found = false;
        for (const std::string_view name : known) {
            found = found || key == name;
        }
        if (!found) {
            reject(joinKey(path, key) + ": unknown key; expected one of " + listOf(known));
        }
    }
}

const Json* member(const Json& object, std::string_view key)
{
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

// objectMode or highWaterMark: one value, or per side on a transform. A side
// missing from a per-side object keeps its default.
template <typename T, typename ReadSide>
PerSide<T> readPerSide(const Json& value, StageKind kind, const std::string& path,
                       ReadSide readSide)
{
    PerSide<T> result;
    if (value.is_object()) {
        if (kind != StageKind::Transform) {
            rejectPerSideObject(path, describe(value));
        }
        result.split = true;
        for (const auto& [key, side] : value.items()) {
            if (key == "readable") {
                result.readable = readSide(side, joinKey(path, key), true);
            } else if (key == "writable") {
                result.writable = readSide(side, joinKey(path, key), true);
            } else {
                reject(joinKey(path, key) + ": unknown key; expected \"readable\" or \"writable\"");
            }
        }
        return result;
    }
    const T single = readSide(value, path, false);
    if (kind != StageKind::Writable) {
        result.readable = single;
    }
    if (kind != StageKind::Readable) {
        result.writable = single;
    }
    return result;
}

Stage readStage(const Json& value, std::size_t index, std::size_t count, int version)
{
    const std::string path = joinIndex("stages", index);
    if (!value.is_object()) {
        reject(path + ": expected an object, got " + describe(value));
    }
    const auto field = [&](std::string_view name) { return joinKey(path, name); };
    Stage stage;
    const Json* id = member(value, "id");
    if (id == nullptr) {
        reject(field("id") + ": required on every stage");
    }
    if (!id->is_string()) {
        rejectId(field("id"), describe(*id));
    }
    stage.id = id->get<std::string>();
    checkId(stage.id, field("id"));
    const Json* kind = member(value, "kind");
    if (kind == nullptr) {
        reject(field("kind") + ": required on every stage");
    }
    stage.kind = readChoice(*kind, field("kind"), kKinds);
    checkKindAt(stage.kind, index, count, field("kind"));

    const bool transform = stage.kind == StageKind::Transform;
    for (const auto& [key, item] : value.items()) {
        const std::string at = field(key);
        const StageKey* known = findStageKey(key);
        if (known == nullptr) {
            std::string expected;
            for (const StageKey& candidate : kStageKeys) {
                if ((candidate.kinds & maskOf(stage.kind)) != 0 && candidate.version <= version) {
                    expected += expected.empty() ? "" : ", ";
                    expected += candidate.name;
                }
            }
            reject(at + ": unknown key; expected one of the keys of a " +
                   quotedName(toString(stage.kind)) + " stage: " + expected);
        }
        if (known->version > version) {
            reject(at + std::string(kNeedsV2));
        }
        if ((known->kinds & maskOf(stage.kind)) == 0) {
            rejectNotAllowed(at, stage.kind);
        }
        if (key == "id" || key == "kind") {
            continue;
        }
        if (key == "objectMode") {
            stage.objectMode = readPerSide<bool>(
                item, stage.kind, at,
                [transform](const Json& side, const std::string& sidePath, bool isSide) {
                    return readBool(
                        side, sidePath,
                        transform && !isSide
                            ? "true or false (or per side: {\"readable\": …, \"writable\": …})"
                            : "true or false");
                });
        } else if (key == "highWaterMark") {
            stage.highWaterMark = readPerSide<std::optional<std::int64_t>>(
                item, stage.kind, at, [](const Json& side, const std::string& sidePath, bool) {
                    return std::optional<std::int64_t>(readInteger(side, sidePath, kAtLeastZero));
                });
        } else if (key == "chunks") {
            stage.chunks = readInteger(item, at, kAtLeastZero);
        } else if (key == "chunk_bytes") {
            stage.chunkBytes = readInteger(item, at, kAtLeastOne);
        } else if (key == "interval_ms") {
            stage.intervalMs = readInteger(item, at, kAtLeastZero);
        } else if (key == "mode") {
            stage.mode = readChoice(item, at, kModes);
        } else if (key == "delay_ms") {
            stage.delayMs = readInteger(item, at, kAtLeastZero);
        } else if (key == "per_kib_ms") {
            stage.perKibMs = readNumber(item, at, kNumberAtLeastZero);
        } else if (key == "ratio") {
            stage.ratio = readNumber(item, at, kNumberAboveZero);
        } else if (key == "split") {
            stage.split = readInteger(item, at, kSplitRange);
        } else if (key == "jitter") {
            stage.jitter = readNumber(item, at, kNumberZeroToOne);
        } else if (key == "text") {
            stage.text = readString(item, at);
        } else if (key == "decode") {
            stage.decode = readChoice(item, at, kDecodes);
        } else if (key == "alloc") {
            stage.alloc = readChoice(item, at, kAllocs);
        } else if (key == "retain_bytes") {
            stage.retainBytes = readInteger(item, at, kAtLeastZero);
        } else if (key == "flush_ms") {
            stage.flushMs = readInteger(item, at, kAtLeastZero);
        } else if (key == "flush_chunks") {
            stage.flushChunks = readInteger(item, at, kAtLeastZero);
            checkFlushKey(member(value, "flush_ms") != nullptr, at);
        } else if (key == "flush_bytes") {
            stage.flushBytes = readInteger(item, at, kAtLeastOne);
            checkFlushKey(member(value, "flush_ms") != nullptr, at);
        }
    }
    if (stage.text) {
        // chunks is derived from the text; every other rule of a text
        // source is checkTextPipeline's.
        if (member(value, "chunks") != nullptr) {
            reject(field("chunks") +
                   ": a text source's chunks are derived (ceil(bytes / chunk_bytes)); leave it "
                   "out");
        }
        stage.chunks =
            textChunkCount(static_cast<std::int64_t>(stage.text->size()), stage.chunkBytes);
    } else if (stage.kind == StageKind::Readable && member(value, "chunks") == nullptr) {
        reject(field("chunks") + ": required on a \"readable\" stage");
    }
    checkStage(stage, index, count);
    return stage;
}

Fault readFault(const Json& value, std::size_t index)
{
    const std::string path = joinIndex("faults", index);
    if (!value.is_object()) {
        reject(path + ": expected an object, got " + describe(value));
    }
    rejectUnknownKeys(value, path, kFaultKeys);
    Fault fault;
    for (const std::string_view key : {"at_ms", "stage", "action"}) {
        if (member(value, key) == nullptr) {
            reject(joinKey(path, key) + ": required on every fault");
        }
    }
    fault.atMs = readInteger(*member(value, "at_ms"), joinKey(path, "at_ms"), kAtLeastZero);
    const Json& stage = *member(value, "stage");
    if (!stage.is_string()) {
        rejectFaultStage(joinKey(path, "stage"), describe(stage));
    }
    fault.stage = stage.get<std::string>();
    fault.action = readChoice(*member(value, "action"), joinKey(path, "action"), kActions);
    if (const Json* message = member(value, "message")) {
        fault.message = readString(*message, joinKey(path, "message"));
    }
    return fault;
}

// One entry of a wiring array (scenario-v2 section 2).
Wiring readPairWiring(const Json& value, const std::string& path)
{
    if (value.is_string() && value == "pipeline") {
        rejectPipelinePerPair(path);
    }
    return readChoice(value, path, kPairWirings);
}

Scenario readScenario(const Json& root, std::optional<std::string> uiText)
{
    if (!root.is_object()) {
        reject("expected a JSON object at the top level, got " + describe(root));
    }
    const Json* format = member(root, "format");
    const std::string expectedFormat = quotedName(kFormatV1) + " or " + quotedName(kFormatV2);
    if (format == nullptr) {
        reject("format: required, expected " + expectedFormat);
    }
    int version = 0;
    if (format->is_string() && format->get_ref<const std::string&>() == kFormatV1) {
        version = 1;
    } else if (format->is_string() && format->get_ref<const std::string&>() == kFormatV2) {
        version = 2;
    } else {
        reject("format: expected " + expectedFormat + ", got " + describe(*format));
    }
    rejectUnknownKeys(root, "", kTopKeys);

    Scenario scenario;
    if (const Json* name = member(root, "name")) {
        scenario.name = readString(*name, "name");
    }
    if (const Json* description = member(root, "description")) {
        scenario.description = readString(*description, "description");
    }
    if (const Json* node = member(root, "node")) {
        scenario.node = readChoice(*node, "node", kProfiles);
    }
    if (const Json* seed = member(root, "seed")) {
        scenario.seed = static_cast<std::uint32_t>(readInteger(*seed, "seed", kSeedRange));
    }
    if (const Json* until = member(root, "until_ms")) {
        scenario.untilMs = readInteger(*until, "until_ms", kAtLeastZero);
    }
    if (const Json* wiring = member(root, "wiring")) {
        // Format 2's wirings: "for-await", and one wiring per pair as an array.
        if (version < 2 &&
            (wiring->is_array() || (wiring->is_string() && *wiring == "for-await"))) {
            reject(std::string("wiring") + std::string(kNeedsV2));
        }
        if (wiring->is_array()) {
            for (std::size_t i = 0; i < wiring->size(); ++i) {
                scenario.pairWirings.push_back(
                    readPairWiring((*wiring)[i], joinIndex("wiring", i)));
            }
            if (!scenario.pairWirings.empty()) {
                scenario.wiring = scenario.pairWirings.front();
            }
        } else {
            scenario.wiring = version < 2 ? readChoice(*wiring, "wiring", kWirings)
                                          : readChoice(*wiring, "wiring", kWiringsV2);
        }
    }
    if (const Json* limit = member(root, "memory_limit_mb")) {
        scenario.memoryLimitMb = readInteger(*limit, "memory_limit_mb", kMemoryLimitRange);
    }

    const Json* stages = member(root, "stages");
    if (stages == nullptr) {
        reject("stages: required, an array of at least 2 stages");
    }
    if (!stages->is_array()) {
        reject("stages: expected an array of at least 2 stages, got " + describe(*stages));
    }
    checkStageCount(stages->size());
    for (std::size_t i = 0; i < stages->size(); ++i) {
        scenario.stages.push_back(readStage((*stages)[i], i, stages->size(), version));
    }
    checkUniqueIds(scenario.stages);
    if (const Json* wiring = member(root, "wiring");
        wiring != nullptr && wiring->is_array() && wiring->size() + 1 != stages->size()) {
        rejectWiringCount(stages->size(), wiring->size());
    }

    if (const Json* faults = member(root, "faults")) {
        if (!faults->is_array()) {
            reject("faults: expected an array, got " + describe(*faults));
        }
        const StageIds ids = stageIdsOf(scenario.stages);
        for (std::size_t i = 0; i < faults->size(); ++i) {
            scenario.faults.push_back(readFault((*faults)[i], i));
            checkFault(scenario.faults.back(), i, ids);
        }
    }

    if (const Json* ui = member(root, "ui")) {
        // A "ui" object is captured as text while parsing; any other value
        // stays in the tree and lands here.
        reject("ui: expected an object, got " + describe(*ui));
    }
    scenario.uiJson = std::move(uiText).value_or("");
    return scenario;
}

// ---------------------------------------------------------------------------
// Writing.

std::string jsonString(std::string_view text)
{
    return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string jsonNumber(double value)
{
    return Json(value).dump();
}

struct Member {
    std::string_view key;
    std::string value;  // already written for its place in the document
};

std::string spaces(int count)
{
    return std::string(static_cast<std::size_t>(count), ' ');
}

std::string writeObject(const std::vector<Member>& members, int indent)
{
    if (members.empty()) {
        return "{}";
    }
    std::string out = "{\n";
    for (std::size_t i = 0; i < members.size(); ++i) {
        out += spaces(indent + 2) + jsonString(members[i].key) + ": " + members[i].value;
        out += i + 1 < members.size() ? ",\n" : "\n";
    }
    return out + spaces(indent) + "}";
}

std::string writeArray(const std::vector<std::string>& items, int indent)
{
    if (items.empty()) {
        return "[]";
    }
    std::string out = "[\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += spaces(indent + 2) + items[i];
        out += i + 1 < items.size() ? ",\n" : "\n";
    }
    return out + spaces(indent) + "]";
}

std::string writeValue(bool value)
{
    return value ? "true" : "false";
}
std::string writeValue(std::int64_t value)
{
    return std::to_string(value);
}

std::string writeStage(const Stage& stage, int indent)
{
    const bool readable = stage.kind == StageKind::Readable;
    const bool transform = stage.kind == StageKind::Transform;
    const bool writable = stage.kind == StageKind::Writable;
    std::vector<Member> members;
    members.push_back({"id", jsonString(stage.id)});
    members.push_back({"kind", jsonString(toString(stage.kind))});

    if (transform && stage.objectMode.split) {
        members.push_back(
            {"objectMode", writeObject({{"readable", writeValue(stage.objectMode.readable)},
                                        {"writable", writeValue(stage.objectMode.writable)}},
                                       indent + 2)});
    } else if (writable ? stage.objectMode.writable : stage.objectMode.readable) {
        members.push_back({"objectMode", "true"});
    }
    const auto& hwm = stage.highWaterMark;
    if (transform && hwm.split) {
        std::vector<Member> sides;
        if (hwm.readable) {
            sides.push_back({"readable", writeValue(*hwm.readable)});
        }
        if (hwm.writable) {
            sides.push_back({"writable", writeValue(*hwm.writable)});
        }
        members.push_back({"highWaterMark", writeObject(sides, indent + 2)});
    } else if (const auto& single = writable ? hwm.writable : hwm.readable) {
        members.push_back({"highWaterMark", writeValue(*single)});
    }

    const Stage defaults;
    if (readable) {
        // A text source's chunks are derived from its text.
        if (stage.text) {
            members.push_back({"text", jsonString(*stage.text)});
        } else {
            members.push_back({"chunks", writeValue(stage.chunks)});
        }
        if (stage.chunkBytes != defaults.chunkBytes) {
            members.push_back({"chunk_bytes", writeValue(stage.chunkBytes)});
        }
        if (stage.intervalMs != defaults.intervalMs) {
            members.push_back({"interval_ms", writeValue(stage.intervalMs)});
        }
        if (stage.mode != defaults.mode) {
            members.push_back({"mode", jsonString(toString(stage.mode))});
        }
    } else {
        if (stage.delayMs != defaults.delayMs) {
            members.push_back({"delay_ms", writeValue(stage.delayMs)});
        }
        if (stage.perKibMs != defaults.perKibMs) {
            members.push_back({"per_kib_ms", jsonNumber(stage.perKibMs)});
        }
    }
    if (transform) {
        if (stage.ratio != defaults.ratio) {
            members.push_back({"ratio", jsonNumber(stage.ratio)});
        }
        if (stage.split != defaults.split) {
            members.push_back({"split", writeValue(stage.split)});
        }
    }
    if (stage.jitter != defaults.jitter) {
        members.push_back({"jitter", jsonNumber(stage.jitter)});
    }
    if (writable && stage.decode != Decode::None) {
        members.push_back({"decode", jsonString(toString(stage.decode))});
    }
    if (transform && stage.flushMs) {
        members.push_back({"flush_ms", writeValue(*stage.flushMs)});
        if (stage.flushChunks != defaults.flushChunks) {
            members.push_back({"flush_chunks", writeValue(stage.flushChunks)});
        }
        if (stage.flushBytes != defaults.flushBytes) {
            members.push_back({"flush_bytes", writeValue(stage.flushBytes)});
        }
    }
    if (!writable && stage.alloc) {
        members.push_back({"alloc", jsonString(toString(*stage.alloc))});
    }
    if (writable && stage.retainBytes) {
        members.push_back({"retain_bytes", writeValue(*stage.retainBytes)});
    }
    return writeObject(members, indent);
}

std::string writeFault(const Fault& fault, int indent)
{
    std::vector<Member> members;
    members.push_back({"at_ms", writeValue(fault.atMs)});
    members.push_back({"stage", jsonString(fault.stage)});
    members.push_back({"action", jsonString(toString(fault.action))});
    if (fault.action == FaultAction::Error || !fault.message.empty()) {
        members.push_back({"message", jsonString(fault.message)});
    }
    return writeObject(members, indent);
}

}  // namespace

Result<Scenario> parseScenario(std::string_view json)
{
    if (json.size() > kMaxScenarioBytes) {
        return Error{"the scenario is too large: expected at most " +
                     std::to_string(kMaxScenarioBytes) + " bytes (16 MiB), got " +
                     std::to_string(json.size()) + " bytes"};
    }
    // JSON has no place for a NUL byte, and the parser would take the first
    // one for the end of the text.
    if (const auto nul = json.find('\0'); nul != std::string_view::npos) {
        const std::string_view before = json.substr(0, nul);
        const auto lineStart = before.rfind('\n');
        const std::size_t line =
            static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
        const std::size_t column = lineStart == std::string_view::npos ? nul + 1 : nul - lineStart;
        return Error{"line " + std::to_string(line) + ", column " + std::to_string(column) +
                     ": syntax error: a NUL byte (0x00); expected JSON text, not binary data"};
    }
    scenario_json::ReadOptions options;
    options.maxDepth = kMaxJsonDepth;
    options.captureUi = true;
    auto read = scenario_json::readJson(json, options);
    if (!read) {
        return read.error();
    }
    try {
        Scenario scenario = readScenario(read->value, std::move(read->uiText));
        // The rules of an in-memory scenario hold for every parsed one.
        checkScenario(scenario);
        return scenario;
    } catch (const Rejection& rejection) {
        return Error{rejection.message};
    }
}

Result<Scenario> loadScenarioFile(const std::filesystem::path& path)
{
    const std::string name = path.string();
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        return Error{name + ": no such file"};
    }
    if (error) {
        return Error{name + ": cannot read: " + error.message()};
    }
    if (status.type() == std::filesystem::file_type::directory) {
        return Error{name + ": is a directory, expected a scenario file"};
    }
    if (status.type() != std::filesystem::file_type::regular) {
        return Error{name + ": expected a regular file"};
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        return Error{name + ": cannot read: " + error.message()};
    }
    if (size > kMaxScenarioBytes) {
        return Error{name + ": the file is too large: expected at most " +
                     std::to_string(kMaxScenarioBytes) + " bytes (16 MiB), got " +
                     std::to_string(size) + " bytes"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{name + ": cannot open: " + std::generic_category().message(errno)};
    }
    std::string text;
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (in.bad() || static_cast<std::uintmax_t>(in.gcount()) != size) {
        return Error{name + ": cannot read the whole file"};
    }
    auto scenario = parseScenario(text);
    if (!scenario) {
        return Error{name + ": " + scenario.error().message};
    }
    return scenario;
}

std::string serializeScenario(const Scenario& scenario, int formatVersion)
{
    std::vector<Member> members;
    members.push_back({"format", jsonString(std::max(formatVersion, formatVersionOf(scenario)) >= 2
                                                ? kFormatV2
                                                : kFormatV1)});
    members.push_back({"name", jsonString(scenario.name)});
    if (!scenario.description.empty()) {
        members.push_back({"description", jsonString(scenario.description)});
    }
    members.push_back({"node", jsonString(toString(scenario.node))});
    members.push_back({"seed", std::to_string(scenario.seed)});
    if (scenario.untilMs) {
        members.push_back({"until_ms", writeValue(*scenario.untilMs)});
    }
    if (scenario.pairWirings.empty()) {
        members.push_back({"wiring", jsonString(toString(scenario.wiring))});
    } else {
        std::string pairs = "[";
        for (std::size_t i = 0; i < scenario.pairWirings.size(); ++i) {
            pairs += (i > 0 ? ", " : "") + jsonString(toString(scenario.pairWirings[i]));
        }
        members.push_back({"wiring", pairs + "]"});
    }
    if (scenario.memoryLimitMb) {
        members.push_back({"memory_limit_mb", writeValue(*scenario.memoryLimitMb)});
    }
    std::vector<std::string> stages;
    for (const Stage& stage : scenario.stages) {
        stages.push_back(writeStage(stage, 4));
    }
    members.push_back({"stages", writeArray(stages, 2)});
    if (!scenario.faults.empty()) {
        std::vector<std::string> faults;
        for (const Fault& fault : scenario.faults) {
            faults.push_back(writeFault(fault, 4));
        }
        members.push_back({"faults", writeArray(faults, 2)});
    }
    if (!scenario.uiJson.empty()) {
        // Verbatim, so that the text comes back byte for byte.
        members.push_back({"ui", scenario.uiJson});
    }
    return writeObject(members, 0) + "\n";
}

std::string formatTwoPathOf(const Scenario& scenario)
{
    if (!scenario.pairWirings.empty() || scenario.wiring == Wiring::ForAwait) {
        return "wiring";
    }
    for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
        const Stage& stage = scenario.stages[i];
        const std::string path = joinIndex("stages", i);
        if (stage.text) {
            return joinKey(path, "text");
        }
        if (stage.decode != Decode::None) {
            return joinKey(path, "decode");
        }
        if (stage.flushMs) {
            return joinKey(path, "flush_ms");
        }
        if (stage.alloc) {
            return joinKey(path, "alloc");
        }
        if (stage.retainBytes) {
            return joinKey(path, "retain_bytes");
        }
    }
    return "";
}

int formatVersionOf(const Scenario& scenario)
{
    return formatTwoPathOf(scenario).empty() ? 1 : 2;
}

Status validateScenario(const Scenario& scenario)
{
    try {
        checkScenario(scenario);
        return Ok{};
    } catch (const Rejection& rejection) {
        return Error{rejection.message};
    }
}

std::int64_t defaultHighWaterMark(NodeProfile profile, bool objectMode)
{
    if (objectMode) {
        return 16;
    }
    return profile == NodeProfile::V20 ? 16384 : 65536;
}

std::string_view toString(NodeProfile profile)
{
    return profile == NodeProfile::V20 ? "20" : "24";
}

std::string_view toString(Wiring wiring)
{
    switch (wiring) {
        case Wiring::Pipe:
            return "pipe";
        case Wiring::Pipeline:
            return "pipeline";
        case Wiring::Naive:
            return "naive";
        case Wiring::ForAwait:
            return "for-await";
    }
    return "";
}

Wiring wiringOfPair(const Scenario& scenario, std::size_t pair)
{
    return pair < scenario.pairWirings.size() ? scenario.pairWirings[pair] : scenario.wiring;
}

bool usesWiring(const Scenario& scenario, Wiring wiring)
{
    if (scenario.pairWirings.empty()) {
        return scenario.wiring == wiring;
    }
    return std::find(scenario.pairWirings.begin(), scenario.pairWirings.end(), wiring) !=
           scenario.pairWirings.end();
}

std::string_view toString(StageKind kind)
{
    switch (kind) {
        case StageKind::Readable:
            return "readable";
        case StageKind::Transform:
            return "transform";
        case StageKind::Writable:
            return "writable";
    }
    return "";
}

std::string_view toString(SourceMode mode)
{
    return mode == SourceMode::Pull ? "pull" : "push";
}

std::string_view toString(FaultAction action)
{
    return action == FaultAction::Error ? "error" : "destroy";
}

std::string_view toString(Decode decode)
{
    switch (decode) {
        case Decode::None:
            return "none";
        case Decode::PerChunk:
            return "per-chunk";
        case Decode::StringDecoder:
            return "string_decoder";
    }
    return "";
}

std::string_view toString(Alloc alloc)
{
    return alloc == Alloc::Alloc ? "alloc" : "pool";
}

std::int64_t bufferPoolSize(NodeProfile profile)
{
    return profile == NodeProfile::V20 ? 8 * 1024 : 64 * 1024;
}

bool tracksAllocations(const Scenario& scenario)
{
    return std::any_of(scenario.stages.begin(), scenario.stages.end(), [](const Stage& stage) {
        return stage.allocOrDefault() == Alloc::Pool || stage.retainBytesOrDefault() > 0;
    });
}

std::int64_t textChunkCount(std::int64_t textBytes, std::int64_t chunkBytes)
{
    if (chunkBytes < 1) {
        return 0;
    }
    return textBytes / chunkBytes + (textBytes % chunkBytes != 0 ? 1 : 0);
}

}  // namespace bplab
