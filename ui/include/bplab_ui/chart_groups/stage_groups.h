#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_ui/sample_history.h"

namespace bplab::ui {

// Which stages the charts draw one by one and which they fold into one group,
// "and N more", so that a pipeline of a thousand stages stays a chart a person
// can read (and draw 60 times a second): at most `maxShown` stages of their
// own, chosen by what matters in a pipeline — the source, the sink, stages a
// fault names, then the slowest by their nominal step time (delay_ms +
// per_kib_ms x chunk KiB + interval_ms), the earlier on a tie — drawn in
// pipeline order. Every other stage is in the group.
//
// Slots: shown stage k (in pipeline order) is slot k; the group, when there
// is one, is slot shownCount().
class StageGroups {
public:
    static constexpr std::size_t kMaxShown = 8;

    StageGroups() = default;
    explicit StageGroups(const Scenario& scenario, std::size_t maxShown = kMaxShown);

    [[nodiscard]] std::size_t stageCount() const { return m_slotOf.size(); }
    // The stages drawn one by one, in pipeline order.
    [[nodiscard]] const std::vector<std::size_t>& shown() const { return m_shown; }
    [[nodiscard]] std::size_t shownCount() const { return m_shown.size(); }
    // Stages folded into the group (0: no group).
    [[nodiscard]] std::size_t groupedCount() const { return m_grouped.size(); }
    [[nodiscard]] const std::vector<std::size_t>& grouped() const { return m_grouped; }
    [[nodiscard]] bool hasGroup() const { return !m_grouped.empty(); }
    [[nodiscard]] std::size_t slotCount() const { return m_shown.size() + (hasGroup() ? 1 : 0); }
    [[nodiscard]] std::size_t groupSlot() const { return m_shown.size(); }
    // The slot of stage `stage` (groupSlot() for a grouped stage).
    [[nodiscard]] std::size_t slotOf(std::size_t stage) const { return m_slotOf[stage]; }
    // "and 992 more", the group's name in legends and lanes.
    [[nodiscard]] QString groupLabel() const;

private:
    std::vector<std::size_t> m_shown;
    std::vector<std::size_t> m_grouped;
    std::vector<std::size_t> m_slotOf;
};

// One sample row of the group: the fullest of its buffers (as a multiple of
// that side's highWaterMark) and the memory all its stages hold.
struct GroupPoint {
    double fullest = 0.0;  // x highWaterMark
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
};

// The group's rows of a SampleHistory, computed once per row: a row stays
// cached while its time is unchanged (rows only change when the history
// halves its older part, or the run restarts).
class GroupedSamples {
public:
    // Brings the cache up to `history`'s rows for `groups` of `scenario`.
    void sync(const SampleHistory& history, const StageGroups& groups, const Scenario& scenario);
    void clear();
    [[nodiscard]] const GroupPoint& at(std::size_t row) const { return m_points[row]; }
    [[nodiscard]] std::size_t size() const { return m_points.size(); }

private:
    std::vector<std::int64_t> m_times;
    std::vector<GroupPoint> m_points;
    std::vector<double> m_readableHwm;  // per grouped stage (0: no such side)
    std::vector<double> m_writableHwm;
    std::size_t m_stageCount = 0;
};

}  // namespace bplab::ui
