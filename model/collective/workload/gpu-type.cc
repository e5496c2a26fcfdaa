/*
 * GPU generations as named presets: compute speed, NIC rate, NVLink rate.
 */
#include "gpu-type.h"

#include "ns3/log.h"

#include <cctype>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("GpuType");

std::optional<GpuType>
GpuType::FromName(const std::string& name)
{
    std::string up;
    for (char c : name)
    {
        up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    GpuType t;
    if (up == "H100")
    {
        return t;
    }
    if (up == "H200")
    {
        t.name = "H200";
        t.computeSpeed = 1.2;
        return t;
    }
    if (up == "GB200")
    {
        t.name = "GB200";
        t.computeSpeed = 2.3;
        t.nicRate = DataRate("800Gbps");
        t.nvlinkRate = DataRate("7200Gbps");
        return t;
    }
    return std::nullopt;
}

std::vector<std::string>
GpuType::Names()
{
    return {"H100", "H200", "GB200"};
}

} // namespace fabric
} // namespace ns3
