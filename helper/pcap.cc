/*
 * Pcap capture of fabric ports (Ethernet link type: Wireshark decodes RoCEv2).
 */
#include "pcap.h"

#include "helper/result-writer.h"

#include "ns3/trace-helper.h"

namespace ns3
{
namespace fabric
{

void
EnablePcap(const std::string& filename, Ptr<FabricNetDevice> port)
{
    PcapHelper helper;
    Ptr<PcapFileWrapper> file = helper.CreateFile(filename, std::ios::out, PcapHelper::DLT_EN10MB);
    helper.HookDefaultSink<FabricNetDevice>(port, "Sniffer", file);
}

std::string
PcapPathFor(const std::string& path, const std::string& label, bool several)
{
    if (!several)
    {
        return path;
    }
    std::string safe = FileSafeLabel(label);
    std::size_t slash = path.rfind('/');
    std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    {
        return path + "-" + safe;
    }
    return path.substr(0, dot) + "-" + safe + path.substr(dot);
}

} // namespace fabric
} // namespace ns3
