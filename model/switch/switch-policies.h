/*
 * What a switch does to a frame besides forwarding it: egress marking (ECN, telemetry
 * stamping) and ingress admission (PFC), as policy objects a switch chooses once.
 */
#ifndef FABRIC_SWITCH_POLICIES_H
#define FABRIC_SWITCH_POLICIES_H

#include "ecn-marking.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace ns3
{
class Packet;

namespace fabric
{

class FabricSwitch;
class SwitchPort;
struct RoceFields;

/**
 * @brief What a switch writes into a data frame at an egress queue: a mark, a record.
 *
 * A switch asks its markers about every data frame it queues (those whose MarksOnEnqueue() is
 * true) and, for a frame leaving a queue, only when that queue held more than the marker's
 * DequeueThreshold(): a switch without markers, or below every threshold, pays nothing.
 */
class EgressMarking : public Object
{
public:
    static TypeId GetTypeId();

    /// @return the marker's name ("ecn", "telemetry")
    virtual const char* GetName() const = 0;

    /// @return true when OnEnqueue is to see every data frame queued at egress
    virtual bool MarksOnEnqueue() const = 0;

    /// @return queue bytes (of the frame's priority) above which a data frame leaving the queue
    /// is shown to OnDequeue; the largest value: never
    virtual uint64_t DequeueThreshold() const { return std::numeric_limits<uint64_t>::max(); }

    /**
     * A data frame is about to be queued at @p egress, priority @p prio.
     * @param sw the switch
     * @param p the frame
     * @param h its leading headers as peeked (a marker that rewrites them updates @p h)
     * @param egress the egress port
     * @param prio the priority
     */
    virtual void OnEnqueue(
        FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, SwitchPort& egress, uint8_t prio);

    /**
     * A data frame leaves @p port's queue of priority @p prio, which held more than
     * DequeueThreshold() bytes (the frame's own included).
     */
    virtual void OnDequeue(
        FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, SwitchPort& port, uint8_t prio);
};

/**
 * @brief ECN marking, the DCQCN congestion point: an ECN-capable data frame is marked CE with
 * the probability of the Kmin/Kmax/Pmax ramp on its egress queue's bytes, when it leaves the
 * queue (the default) or when it arrives.
 */
class EcnMarker : public EgressMarking
{
public:
    static TypeId GetTypeId();
    EcnMarker() = default;
    /// @param ramp the marking ramp; @param onDequeue mark when the frame leaves the queue
    EcnMarker(const EcnMarking& ramp, bool onDequeue);

    const char* GetName() const override { return "ecn"; }

    bool MarksOnEnqueue() const override { return !m_onDequeue; }

    uint64_t DequeueThreshold() const override;

    void OnEnqueue(FabricSwitch& sw,
                   const Ptr<Packet>& p,
                   RoceFields& h,
                   SwitchPort& egress,
                   uint8_t prio) override;
    void OnDequeue(FabricSwitch& sw,
                   const Ptr<Packet>& p,
                   RoceFields& h,
                   SwitchPort& port,
                   uint8_t prio) override;

    /// @return the ramp
    const EcnMarking& GetRamp() const { return m_ramp; }

private:
    /// Mark an ECN-capable frame CE with the ramp's probability for @p queueBytes.
    void MaybeMark(FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, uint64_t queueBytes);

    EcnMarking m_ramp;       //!< the ramp in bytes
    bool m_onDequeue {true}; //!< mark when leaving the queue
};

/**
 * @brief In-band telemetry: a data frame whose BTH telemetry flag is set gets one record of
 * this hop appended (egress queue bytes, the port's transmit utilization over a window, time,
 * rate), newest first.
 */
class TelemetryStamper : public EgressMarking
{
public:
    static TypeId GetTypeId();
    TelemetryStamper() = default;
    /// @param window the utilization window of the records
    explicit TelemetryStamper(Time window);

    const char* GetName() const override { return "telemetry"; }

    bool MarksOnEnqueue() const override { return true; }

    void OnEnqueue(FabricSwitch& sw,
                   const Ptr<Packet>& p,
                   RoceFields& h,
                   SwitchPort& egress,
                   uint8_t prio) override;

private:
    Time m_window; //!< utilization window
};

/**
 * @brief Ingress admission: which frames may exceed the shared buffer (lossless) and what the
 * switch does as they come and go (pause the sender).
 */
class IngressAdmission : public Object
{
public:
    static TypeId GetTypeId();

    /// @return the admission's name ("pfc")
    virtual const char* GetName() const = 0;

    /// @return the priority whose frames are lossless: never dropped for want of buffer, and
    /// shown to OnAdmit and OnRelease
    virtual uint8_t GetLosslessPriority() const = 0;

    /// The switch gained a port (ports are numbered from 0 in order).
    virtual void AddPort() = 0;

    /// A lossless frame of @p bytes from ingress port @p inPort was queued.
    virtual void OnAdmit(FabricSwitch& sw, uint16_t inPort, uint32_t bytes) = 0;

    /// A lossless frame of @p bytes from ingress port @p inPort left its queue.
    virtual void OnRelease(FabricSwitch& sw, uint16_t inPort, uint32_t bytes) = 0;
};

/// PFC settings (FabricSwitch attributes).
struct PfcSettings
{
    uint8_t priority {3};      //!< the lossless priority
    double alpha {0.125};      //!< dynamic threshold: alpha x free buffer
    uint64_t resumeOffset {0}; //!< hysteresis below the threshold, bytes
    Time refresh;              //!< pause refresh period
};

/**
 * @brief PFC on one lossless priority: bytes held per ingress port are counted; above a dynamic
 * threshold (alpha x free buffer) the switch sends a pause upstream on that port and refreshes
 * it while the threshold is exceeded; below it minus the resume offset it sends a resume.
 */
class PfcAdmission : public IngressAdmission
{
public:
    static TypeId GetTypeId();
    PfcAdmission() = default;
    /// @param settings thresholds and timing
    explicit PfcAdmission(const PfcSettings& settings);

    const char* GetName() const override { return "pfc"; }

    uint8_t GetLosslessPriority() const override { return m_settings.priority; }

    void AddPort() override;
    void OnAdmit(FabricSwitch& sw, uint16_t inPort, uint32_t bytes) override;
    void OnRelease(FabricSwitch& sw, uint16_t inPort, uint32_t bytes) override;

    /// @return lossless bytes held from ingress port @p port
    uint64_t GetHeldBytes(uint16_t port) const { return m_heldBytes[port]; }

protected:
    void DoDispose() override;

private:
    /// @return the pause threshold now, bytes
    uint64_t Threshold(const FabricSwitch& sw) const;
    /// Pause or resume @p port after its bytes changed.
    void Update(FabricSwitch& sw, uint16_t port);
    /// Refresh the pause of @p port while it lasts.
    void Refresh(uint16_t port);

    PfcSettings m_settings;            //!< thresholds and timing
    FabricSwitch* m_switch {nullptr};  //!< the switch (for refreshes; set by the first update)
    std::vector<uint64_t> m_heldBytes; //!< lossless bytes held per ingress port
    std::vector<bool> m_pausing;       //!< the port sent a pause still in force
};

} // namespace fabric
} // namespace ns3

#endif
