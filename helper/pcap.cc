/*
 * Pcap capture of fabric ports (Ethernet link type: Wireshark decodes RoCEv2).
 */
#include "pcap.h"

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

} // namespace fabric
} // namespace ns3
