#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace bplab::ui {

// Frame times of a paced run, for --frame-stats: the work of each frame
// (simulating, pulling, feeding the charts) plus the paint that shows it.
class FrameStats {
public:
    void start(std::int64_t wallNs);
    void addFrame(double frameMs);
    void finish(std::int64_t wallNs, double achievedSpeed);

    [[nodiscard]] std::size_t frames() const { return m_frames.size(); }
    [[nodiscard]] double fps() const;
    [[nodiscard]] double percentileMs(double p) const;
    [[nodiscard]] double maxMs() const;
    // {"frames":..,"fps":..,"p50_ms":..,"p95_ms":..,"max_ms":..,"rss_mb":..,"achieved_speed":..}
    [[nodiscard]] QString toJson() const;

    // Resident set size of this process in MiB (Linux; 0 elsewhere).
    static double residentMb();

private:
    std::vector<double> m_frames;
    std::int64_t m_startNs = 0;
    std::int64_t m_endNs = 0;
    double m_achievedSpeed = 0.0;
};

}  // namespace bplab::ui
