#pragma once

#include <pthread.h>
#include <sched.h>

namespace bplab {

// Keeps a producer thread and the one thread that consumes its output on two
// different processors, for as long as this object lives.
//
// Why: the consumer sleeps and is woken each time a batch is ready, and the
// scheduler often wakes it on the producer's processor, where the two then
// take turns while another processor idles. Measured on the trace writer: the
// simulation's thread ran 30% slower in the median, none when kept apart.
//
// Only when the process may run on at least two processors; otherwise, and
// whenever the system refuses, nothing changes.
class SeparateCpus {
public:
    // On the producer's thread, once the consumer exists: binds the producer
    // to the processor it is on and the consumer to the others. The consumer
    // is moved from here rather than by itself: a new thread inherits the
    // producer's processors, and on a busy producer's processor it could wait
    // milliseconds before running even once.
    explicit SeparateCpus(pthread_t consumer);
    // Gives the producer back the processors it had (from any thread).
    ~SeparateCpus();
    SeparateCpus(const SeparateCpus&) = delete;
    SeparateCpus& operator=(const SeparateCpus&) = delete;

    [[nodiscard]] bool active() const { return m_active; }

private:
    bool m_active = false;
    pthread_t m_producer;
    cpu_set_t m_producerBefore{};
};

}  // namespace bplab
