#include "cpu_placement.h"

#include <cstddef>

namespace bplab {

SeparateCpus::SeparateCpus(pthread_t consumer) : m_producer(pthread_self())
{
    if (pthread_getaffinity_np(m_producer, sizeof m_producerBefore, &m_producerBefore) != 0 ||
        CPU_COUNT(&m_producerBefore) < 2) {
        return;
    }
    const int current = sched_getcpu();
    if (current < 0 || current >= CPU_SETSIZE) {
        return;
    }
    const auto cpu = static_cast<std::size_t>(current);
    if (!CPU_ISSET(cpu, &m_producerBefore)) {
        return;
    }
    cpu_set_t producer;
    CPU_ZERO(&producer);
    CPU_SET(cpu, &producer);
    cpu_set_t others = m_producerBefore;
    CPU_CLR(cpu, &others);
    if (pthread_setaffinity_np(consumer, sizeof others, &others) != 0) {
        return;
    }
    m_active = pthread_setaffinity_np(m_producer, sizeof producer, &producer) == 0;
    if (!m_active) {
        // All or nothing: the consumer gets back what it inherited.
        pthread_setaffinity_np(consumer, sizeof m_producerBefore, &m_producerBefore);
    }
}

SeparateCpus::~SeparateCpus()
{
    if (m_active) {
        pthread_setaffinity_np(m_producer, sizeof m_producerBefore, &m_producerBefore);
    }
}

}  // namespace bplab
