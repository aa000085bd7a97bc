#include "cpu_placement.h"

#include <cstddef>

namespace bplab {

SeparateCpus::SeparateCpus() : m_producer(pthread_self())
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
    m_consumer = m_producerBefore;
    CPU_CLR(cpu, &m_consumer);
    m_active = pthread_setaffinity_np(m_producer, sizeof producer, &producer) == 0;
}

SeparateCpus::~SeparateCpus()
{
    if (m_active) {
        pthread_setaffinity_np(m_producer, sizeof m_producerBefore, &m_producerBefore);
    }
}

void SeparateCpus::moveConsumerAside() const
{
    if (m_active) {
        pthread_setaffinity_np(pthread_self(), sizeof m_consumer, &m_consumer);
    }
}

}  // namespace bplab
