/*
 * Pcap capture of fabric ports (Ethernet link type: Wireshark decodes RoCEv2).
 */
#ifndef FABRIC_PCAP_H
#define FABRIC_PCAP_H

#include "model/link/fabric-net-device.h"

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Write every frame sent or received by @p port to a pcap file (link type Ethernet). Frames
 * carry real Ethernet/IPv4/UDP 4791/BTH headers, so Wireshark and tshark show RoCE.
 * @param filename pcap file to create
 * @param port the port to capture
 */
void EnablePcap(const std::string& filename, Ptr<FabricNetDevice> port);

/**
 * @return @p path for one of several runs of a program (profiles, variants, GPU mixes): when
 * @p several, "-LABEL" goes before the extension (x.pcap, "spectrum-x/cc=none" ->
 * x-spectrum-x_cc_none.pcap), else @p path itself
 */
std::string PcapPathFor(const std::string& path, const std::string& label, bool several);

} // namespace fabric
} // namespace ns3

#endif
