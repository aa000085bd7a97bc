#include "bplab_ui/frame_stats.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

void FrameStats::start(std::int64_t wallNs)
{
    m_frames.clear();
    m_frames.reserve(1 << 16);
    m_startNs = wallNs;
    m_endNs = wallNs;
}

void FrameStats::addFrame(double frameMs)
{
    if (m_frames.size() < (1u << 24)) {
        m_frames.push_back(frameMs);
    }
}

void FrameStats::finish(std::int64_t wallNs, double achievedSpeed)
{
    m_endNs = wallNs;
    m_achievedSpeed = achievedSpeed;
}

double FrameStats::fps() const
{
    const double seconds = static_cast<double>(m_endNs - m_startNs) / 1e9;
    return seconds > 0.0 ? static_cast<double>(m_frames.size()) / seconds : 0.0;
}

double FrameStats::percentileMs(double p) const
{
    if (m_frames.empty()) {
        return 0.0;
    }
    std::vector<double> sorted = m_frames;
    std::sort(sorted.begin(), sorted.end());
    const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
    return sorted[static_cast<std::size_t>(std::llround(rank))];
}

double FrameStats::maxMs() const
{
    return m_frames.empty() ? 0.0 : *std::max_element(m_frames.begin(), m_frames.end());
}

double FrameStats::residentMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0.0;
    }
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("VmRSS:")) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2) {
                return parts.at(1).toDouble() / 1024.0;  // kB
            }
        }
    }
    return 0.0;
}

QString FrameStats::toJson() const
{
    const auto round2 = [](double v) { return std::round(v * 100.0) / 100.0; };
    QJsonObject o;
    o.insert(QStringLiteral("frames"), static_cast<qint64>(m_frames.size()));
    o.insert(QStringLiteral("fps"), round2(fps()));
    o.insert(QStringLiteral("p50_ms"), round2(percentileMs(0.5)));
    o.insert(QStringLiteral("p95_ms"), round2(percentileMs(0.95)));
    o.insert(QStringLiteral("max_ms"), round2(maxMs()));
    o.insert(QStringLiteral("rss_mb"), round2(residentMb()));
    o.insert(QStringLiteral("achieved_speed"), round2(m_achievedSpeed));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

}  // namespace bplab::ui
