#include "bplab_core/trace_store.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace bplab {

namespace {
constexpr std::uint8_t kRet = 1;
constexpr std::uint8_t kBytesNull = 2;
constexpr std::uint8_t kMessageNull = 4;
constexpr std::uint8_t kWideLength = 8;
constexpr std::uint8_t kHasMessage = 16;
}  // namespace

std::uint32_t TraceStore::intern(std::string_view message)
{
    auto it = m_messageIndex.find(std::string(message));
    if (it != m_messageIndex.end()) {
        return it->second;
    }
    const auto index = static_cast<std::uint32_t>(m_messages.size());
    m_messages.emplace_back(message);
    m_messageIndex.emplace(m_messages.back(), index);
    return index;
}

void TraceStore::record(const TraceEvent& event)
{
    assert(event.stage >= -1 && event.stage <= std::numeric_limits<std::int16_t>::max());
    Row row{};
    row.t = event.t;
    row.bytes = event.bytes;
    row.stage = static_cast<std::int16_t>(event.stage);
    row.kind = event.kind;
    row.flags =
        static_cast<std::uint8_t>((event.ret ? kRet : 0) | (event.bytesNull ? kBytesNull : 0) |
                                  (event.messageNull ? kMessageNull : 0));
    const std::size_t index = m_rows.size();
    if (event.length >= std::numeric_limits<std::int32_t>::min() &&
        event.length <= std::numeric_limits<std::int32_t>::max()) {
        row.length = static_cast<std::int32_t>(event.length);
    } else {
        row.flags |= kWideLength;
        m_wideLengths.emplace(index, event.length);
    }
    if (fieldsOf(event.kind).message && !event.messageNull) {
        row.flags |= kHasMessage;
        m_messageOf.emplace(index, intern(event.message));
    }
    m_rows.push_back(row);
}

TraceEvent TraceStore::at(std::size_t index) const
{
    const Row& row = m_rows[index];
    TraceEvent event;
    event.t = row.t;
    event.stage = row.stage;
    event.kind = row.kind;
    event.ret = (row.flags & kRet) != 0;
    event.bytesNull = (row.flags & kBytesNull) != 0;
    event.messageNull = (row.flags & kMessageNull) != 0;
    event.bytes = row.bytes;
    event.length = (row.flags & kWideLength) != 0 ? m_wideLengths.at(index) : row.length;
    if ((row.flags & kHasMessage) != 0) {
        event.message = m_messages[m_messageOf.at(index)];
    }
    return event;
}

std::size_t TraceStore::lowerBound(std::int64_t time) const
{
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), time,
                               [](const Row& row, std::int64_t t) { return row.t < t; });
    return static_cast<std::size_t>(it - m_rows.begin());
}

void TraceStore::clear()
{
    m_rows.clear();
    m_wideLengths.clear();
    m_messageOf.clear();
    m_messages.clear();
    m_messageIndex.clear();
}

std::size_t TraceStore::memoryBytes() const
{
    std::size_t total = m_rows.capacity() * sizeof(Row);
    for (const auto& m : m_messages) {
        total += m.capacity() + sizeof(std::string);
    }
    total += (m_wideLengths.size() + m_messageOf.size()) * 32;
    return total;
}

}  // namespace bplab
