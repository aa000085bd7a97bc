#include "bplab_ui/format.h"

#include <cmath>

namespace bplab::ui {

QString formatBytes(double bytes)
{
    const double magnitude = std::abs(bytes);
    if (magnitude < 1024.0) {
        return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
    }
    if (magnitude < 1024.0 * 1024.0) {
        const double kib = bytes / 1024.0;
        return QStringLiteral("%1 KiB").arg(kib, 0, 'f', std::abs(kib) < 10.0 ? 1 : 0);
    }
    if (magnitude < 1024.0 * 1024.0 * 1024.0) {
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
    }
    return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString formatLength(std::int64_t length, bool objectMode)
{
    if (objectMode) {
        return QStringLiteral("%1 obj").arg(length);
    }
    return formatBytes(static_cast<double>(length));
}

QString formatVirtualTime(double ms)
{
    if (std::abs(ms) < 1000.0) {
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 0);
    }
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 3);
}

QString formatSpeed(double speed)
{
    if (speed < 0.1) {
        return QStringLiteral("%1x").arg(speed, 0, 'f', 2);
    }
    if (speed < 10.0) {
        return QStringLiteral("%1x").arg(speed, 0, 'g', 2);
    }
    return QStringLiteral("%1x").arg(std::round(speed), 0, 'f', 0);
}

}  // namespace bplab::ui
