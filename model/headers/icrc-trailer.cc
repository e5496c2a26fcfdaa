/*
 * RoCEv2 invariant CRC trailer.
 */
#include "icrc-trailer.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(IcrcTrailer);

TypeId
IcrcTrailer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::IcrcTrailer")
                            .SetParent<Trailer>()
                            .SetGroupName("Fabric")
                            .AddConstructor<IcrcTrailer>();
    return tid;
}

TypeId
IcrcTrailer::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IcrcTrailer::GetSerializedSize() const
{
    return SIZE;
}

void
IcrcTrailer::Serialize(Buffer::Iterator start) const
{
    start.Prev(SIZE);
    start.WriteHtonU32(m_crc);
}

uint32_t
IcrcTrailer::Deserialize(Buffer::Iterator start)
{
    start.Prev(SIZE);
    m_crc = start.ReadNtohU32();
    return SIZE;
}

void
IcrcTrailer::Print(std::ostream& os) const
{
    os << "icrc";
}

} // namespace fabric
} // namespace ns3
