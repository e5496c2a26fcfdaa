/*
 * Receive policies: go-back-N and out-of-order placement.
 */
#include "receive-policy.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(ReceivePolicy);
NS_OBJECT_ENSURE_REGISTERED(GoBackNReceive);
NS_OBJECT_ENSURE_REGISTERED(PlacementReceive);

TypeId
ReceivePolicy::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::ReceivePolicy").SetParent<Object>().SetGroupName("Fabric");
    return tid;
}

TypeId
GoBackNReceive::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::GoBackNReceive")
                            .SetParent<ReceivePolicy>()
                            .SetGroupName("Fabric")
                            .AddConstructor<GoBackNReceive>();
    return tid;
}

bool
GoBackNReceive::Receive(ResponderOps& nic,
                        ResponderQp& qp,
                        uint32_t /* psn */,
                        bool /* last */,
                        uint32_t /* payload */,
                        bool& /* completed */)
{
    // Nothing is ever held beyond ePSN, so the packet is beyond it.
    nic.CountOutOfOrderDiscard();
    if (nic.CnpOnOutOfOrder())
    {
        nic.SendCnp(qp);
    }
    if (!qp.nakOutstanding)
    {
        qp.nakOutstanding = true;
        nic.SendNak(qp);
    }
    return false;
}

TypeId
PlacementReceive::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::PlacementReceive")
                            .SetParent<ReceivePolicy>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PlacementReceive>();
    return tid;
}

bool
PlacementReceive::Receive(
    ResponderOps& nic, ResponderQp& qp, uint32_t psn, bool last, uint32_t payload, bool& completed)
{
    ReorderState& r = nic.LendReorder(qp);
    if (last)
    {
        MessageEnd end {psn, payload};
        auto pos = std::upper_bound(r.pendingEnds.begin(),
                                    r.pendingEnds.end(),
                                    end,
                                    [](const MessageEnd& a, const MessageEnd& b) {
                                        return static_cast<int32_t>(a.lastPsn - b.lastPsn) < 0;
                                    });
        r.pendingEnds.insert(pos, end);
    }
    if (psn == qp.expectedPsn)
    {
        // The hole at ePSN filled: ePSN moves past everything placed after it.
        qp.expectedPsn = r.received.Advance(psn + 1);
        qp.nakOutstanding = false;
        completed = nic.CompleteReceived(qp) > 0;
        nic.ReturnReorderIfEmpty(qp);
    }
    else
    {
        r.received.Set(psn); // placed beyond ePSN
    }
    return true;
}

} // namespace fabric
} // namespace ns3
