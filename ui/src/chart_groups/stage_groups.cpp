#include "bplab_ui/chart_groups/stage_groups.h"

#include <QCoreApplication>

#include <algorithm>
#include <numeric>

namespace bplab::ui {

namespace {

// A stage's nominal step time (virtual ms): how slow it is when nothing waits.
double stepCost(const Stage& stage, double chunkKib)
{
    return static_cast<double>(stage.delayMs) + stage.perKibMs * chunkKib +
           static_cast<double>(stage.intervalMs);
}

double sideHwm(const Scenario& scenario, const Stage& stage, bool readable)
{
    const bool objects = readable ? stage.objectMode.readable : stage.objectMode.writable;
    const std::optional<std::int64_t>& given =
        readable ? stage.highWaterMark.readable : stage.highWaterMark.writable;
    return static_cast<double>(given ? *given : defaultHighWaterMark(scenario.node, objects));
}

}  // namespace

StageGroups::StageGroups(const Scenario& scenario, std::size_t maxShown)
{
    const std::size_t n = scenario.stages.size();
    m_slotOf.assign(n, 0);
    std::vector<bool> picked(n, n <= maxShown);
    if (n > maxShown) {
        // What matters first: the ends, the stages a fault names, then the slowest.
        std::vector<std::size_t> order;
        order.reserve(n);
        const double chunkKib =
            n > 0 ? static_cast<double>(scenario.stages.front().chunkBytes) / 1024.0 : 0.0;
        std::vector<double> rank(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const Stage& stage = scenario.stages[i];
            const bool faulted = std::any_of(scenario.faults.begin(), scenario.faults.end(),
                                             [&](const Fault& f) { return f.stage == stage.id; });
            const bool end = i == 0 || i + 1 == n;
            rank[i] = end ? 2e18 : (faulted ? 1e18 : stepCost(stage, chunkKib));
            order.push_back(i);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
        for (std::size_t k = 0; k < maxShown && k < order.size(); ++k) {
            picked[order[k]] = true;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (picked[i]) {
            m_slotOf[i] = m_shown.size();
            m_shown.push_back(i);
        } else {
            m_grouped.push_back(i);
        }
    }
    for (const std::size_t i : m_grouped) {
        m_slotOf[i] = m_shown.size();
    }
}

QString StageGroups::groupLabel() const
{
    return QCoreApplication::translate("StageGroups", "and %L1 more")
        .arg(static_cast<qulonglong>(m_grouped.size()));
}

void GroupedSamples::clear()
{
    m_times.clear();
    m_points.clear();
    m_readableHwm.clear();
    m_writableHwm.clear();
    m_stageCount = 0;
}

void GroupedSamples::sync(const SampleHistory& history, const StageGroups& groups,
                          const Scenario& scenario)
{
    if (!groups.hasGroup() || history.stageCount() != groups.stageCount()) {
        clear();
        return;
    }
    if (m_stageCount != groups.stageCount() || m_readableHwm.size() != groups.groupedCount()) {
        clear();
        m_stageCount = groups.stageCount();
        for (const std::size_t i : groups.grouped()) {
            const Stage& stage = scenario.stages[i];
            m_readableHwm.push_back(
                stage.kind != StageKind::Writable ? sideHwm(scenario, stage, true) : 0.0);
            m_writableHwm.push_back(
                stage.kind != StageKind::Readable ? sideHwm(scenario, stage, false) : 0.0);
        }
    }
    // Rows before the first whose time differs are still right.
    std::size_t valid = std::min(m_times.size(), history.size());
    for (std::size_t row = 0; row < valid; ++row) {
        if (m_times[row] != history.timeAt(row)) {
            valid = row;
            break;
        }
    }
    m_times.resize(valid);
    m_points.resize(valid);
    const std::vector<std::size_t>& grouped = groups.grouped();
    for (std::size_t row = valid; row < history.size(); ++row) {
        GroupPoint g;
        for (std::size_t k = 0; k < grouped.size(); ++k) {
            const StagePoint& p = history.at(row, grouped[k]);
            if (m_readableHwm[k] > 0.0) {
                g.fullest =
                    std::max(g.fullest, static_cast<double>(p.readableLength) / m_readableHwm[k]);
            }
            if (m_writableHwm[k] > 0.0) {
                g.fullest =
                    std::max(g.fullest, static_cast<double>(p.writableLength) / m_writableHwm[k]);
            }
            g.externalBytes += p.externalBytes;
            g.heapBytes += p.heapBytes;
        }
        m_times.push_back(history.timeAt(row));
        m_points.push_back(g);
    }
}

}  // namespace bplab::ui
