/*
 * All the headers a NIC puts in front of a frame's payload, written with one AddHeader.
 */
#ifndef FABRIC_ROCE_FRAME_HEADERS_H
#define FABRIC_ROCE_FRAME_HEADERS_H

#include "aeth-header.h"
#include "roce-header.h"
#include "telemetry-header.h"

#include <optional>

namespace ns3
{
namespace fabric
{

/**
 * @brief The RoCE headers (Ethernet to BTH), then a telemetry stack when the BTH flags one,
 * then an AETH on an ACK or NAK: the same bytes as adding each as its own header, in one
 * AddHeader (each header an ns-3 Packet adds costs a few hundred instructions of bookkeeping,
 * and a telemetry data frame or an echoing ACK would add three).
 *
 * For writing, the telemetry bytes and the AETH are referenced, not copied: the object must
 * not outlive them (it is meant to be built and added at once). Deserialize reads them into the
 * object's own copies.
 */
class RoceFrameHeaders : public Header
{
public:
    RoceFrameHeaders() = default;

    /**
     * @param roce the RoCE headers (their BTH telemetry flag says whether @p telemetry follows)
     * @param telemetry the stack's wire bytes, written after the BTH as they are, or null
     * @param aeth the AETH to write last, or null
     */
    RoceFrameHeaders(const RoceFields& roce,
                     const TelemetryBytes* telemetry,
                     const AethHeader* aeth);

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// @return the RoCE headers
    const RoceFields& GetRoce() const { return m_roce; }

    /**
     * Add the headers to @p p, with @p headroom bytes of room left in front of them for
     * headers added later (switches' telemetry records) without a reallocation.
     */
    void AddTo(Packet& p, uint32_t headroom = 0);

private:
    RoceFields m_roce;                           //!< Ethernet to BTH
    const TelemetryBytes* m_telemetry {nullptr}; //!< stack bytes, or null
    const AethHeader* m_aeth {nullptr};          //!< AETH, or null
    TelemetryBytes m_telemetryRead;              //!< stack read by Deserialize
    std::optional<AethHeader> m_aethRead;        //!< AETH read by Deserialize
    uint32_t m_headroom {0};                     //!< zero bytes written first (AddTo)
};

} // namespace fabric
} // namespace ns3

#endif
