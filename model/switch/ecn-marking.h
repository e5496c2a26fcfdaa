/*
 * RED-style ECN marking ramp on egress queue bytes (the DCQCN congestion point).
 */
#ifndef FABRIC_ECN_MARKING_H
#define FABRIC_ECN_MARKING_H

#include <cstdint>

namespace ns3
{
namespace fabric
{

/**
 * @brief Marking probability as a function of the egress queue: 0 at or below Kmin, rising
 * linearly to Pmax at Kmax, 1 above Kmax (DCQCN, Zhu et al., SIGCOMM'15).
 */
struct EcnMarking
{
    uint64_t kminBytes {800 * 1000};  //!< ramp start (400G reference-simulator default)
    uint64_t kmaxBytes {3200 * 1000}; //!< ramp end
    double pmax {0.2};                //!< probability at Kmax

    /// @return the marking probability for a queue of @p queueBytes
    double Probability(uint64_t queueBytes) const
    {
        if (queueBytes <= kminBytes)
        {
            return 0.0;
        }
        if (queueBytes > kmaxBytes)
        {
            return 1.0;
        }
        return pmax * double(queueBytes - kminBytes) / double(kmaxBytes - kminBytes);
    }
};

} // namespace fabric
} // namespace ns3

#endif
