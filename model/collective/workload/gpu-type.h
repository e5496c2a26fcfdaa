/*
 * GPU generations as named presets: compute speed, NIC rate, NVLink rate.
 */
#ifndef FABRIC_GPU_TYPE_H
#define FABRIC_GPU_TYPE_H

#include "ns3/data-rate.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A GPU generation: how fast it computes relative to an H100 (compute phases of a
 * trace are given in H100 time and divided by this factor), its scale-out NIC rate and its
 * NVLink rate per direction.
 *
 * Presets (assumptions, documented in the README):
 * - H100: 1.0, 400 Gb/s (ConnectX-7 / BlueField-3), NVLink 4 450 GB/s.
 * - H200: 1.2: the same GH100 compute die and clocks (1.0 for compute-bound GEMMs) with 4.8
 *   instead of 3.35 TB/s of HBM (1.43 for memory-bound kernels); 1.2 assumes a mix.
 *   400 Gb/s, NVLink 4 450 GB/s.
 * - GB200: 2.3 (B200 dense BF16 2.25 PFLOPS vs 0.99 for H100), 800 Gb/s (ConnectX-8),
 *   NVLink 5 900 GB/s. (Its NVL72 rack-scale NVLink domain is not modelled: servers keep
 *   the topology's GPUs per server.)
 */
struct GpuType
{
    std::string name {"H100"};        //!< preset name
    double computeSpeed {1.0};        //!< compute speed relative to an H100
    DataRate nicRate {"400Gbps"};     //!< scale-out NIC rate
    DataRate nvlinkRate {"3600Gbps"}; //!< NVLink rate per direction

    /// @return the preset called @p name (case-insensitive), or nothing
    static std::optional<GpuType> FromName(const std::string& name);

    /// @return the preset names
    static std::vector<std::string> Names();
};

} // namespace fabric
} // namespace ns3

#endif
