#pragma once

#include <QString>

#include <cstdint>

namespace bplab::ui {

// "512 B", "16 KiB", "1.5 MiB", "2.0 GiB".
QString formatBytes(double bytes);
// A buffer length: bytes, or "12 obj" in objectMode.
QString formatLength(std::int64_t length, bool objectMode);
// A virtual time in ms as "1.234 s" (or "850 ms" below a second).
QString formatVirtualTime(double ms);
// A speed factor as "0.01x", "0.5x", "20x".
QString formatSpeed(double speed);

}  // namespace bplab::ui
