/*
 * Hierarchical all-reduce schedule: NVLink reduce-scatter, per-rail all-reduce, NVLink all-gather.
 */
#include "hierarchical-all-reduce.h"

#include "model/collective/algorithms/tree-all-reduce.h"

#include "ns3/enum.h"
#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("HierarchicalAllReduce");
NS_OBJECT_ENSURE_REGISTERED(HierarchicalAllReduce);

TypeId
HierarchicalAllReduce::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::HierarchicalAllReduce")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<HierarchicalAllReduce>()
                            .AddAttribute("InterServer",
                                          "All-reduce between servers: Ring or Tree (double "
                                          "binary tree).",
                                          EnumValue(RING),
                                          MakeEnumAccessor(&HierarchicalAllReduce::m_interServer),
                                          MakeEnumChecker(RING, "Ring", TREE, "Tree"));
    return tid;
}

uint32_t
HierarchicalAllReduce::InterServerSteps(uint32_t servers) const
{
    if (servers <= 1)
    {
        return 0;
    }
    return m_interServer == TREE ? 3 : 2 * (servers - 1);
}

uint32_t
HierarchicalAllReduce::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return 2 * (shape.ranksPerServer - 1) + InterServerSteps(shape.Servers());
}

void
HierarchicalAllReduce::GetStep(const CommShape& shape,
                               uint32_t rank,
                               uint32_t lane,
                               uint32_t step,
                               uint64_t laneBytes,
                               StepPlan& plan) const
{
    uint32_t m = shape.ranksPerServer;
    uint32_t nServers = shape.Servers();
    uint32_t a = rank / m;
    uint32_t i = rank % m;
    uint32_t localNext = a * m + (i + 1) % m;
    uint32_t localPrev = a * m + (i + m - 1) % m;
    if (step < m - 1)
    {
        // 1. Reduce-scatter inside the server: local rank i ends with block i.
        uint32_t s = step;
        plan.Send(localNext, Share(laneBytes, m, (i + 2 * m - s - 1) % m));
        plan.Recv(localPrev, Share(laneBytes, m, (i + 2 * m - s - 2) % m));
        return;
    }
    step -= m - 1;
    uint32_t interSteps = InterServerSteps(nServers);
    if (step < interSteps && m_interServer == TREE)
    {
        // 2. Double binary tree over the servers (tree = lane % 2) for shard i.
        uint64_t shard = Share(laneBytes, m, i);
        auto node = TreeAllReduce::GetTreeNode(nServers, a, lane % 2);
        uint32_t offset = m - 1;
        auto rankOf = [m, i](int32_t server) {
            return static_cast<uint32_t>(server) * m + i;
        };
        if (step == 0)
        {
            for (int32_t c : {node.child0, node.child1})
            {
                if (c >= 0)
                {
                    plan.Recv(rankOf(c), shard);
                }
            }
        }
        else if (step == 1 && node.parent >= 0)
        {
            plan.Send(rankOf(node.parent), shard, offset); // the parent's receive step
            plan.Recv(rankOf(node.parent), shard);
        }
        else if (step == 2)
        {
            for (int32_t c : {node.child0, node.child1})
            {
                if (c >= 0)
                {
                    plan.Send(rankOf(c), shard, offset + 1);
                }
            }
        }
        return;
    }
    if (step < interSteps)
    {
        // 2. Ring all-reduce of shard i among the ranks with local index i.
        uint64_t shard = Share(laneBytes, m, i);
        uint32_t n = nServers;
        uint32_t next = ((a + 1) % n) * m + i;
        uint32_t prev = ((a + n - 1) % n) * m + i;
        uint32_t sendBlock;
        uint32_t recvBlock;
        if (step < n - 1)
        {
            sendBlock = (a + n - step) % n;
            recvBlock = (a + 2 * n - step - 1) % n;
        }
        else
        {
            uint32_t t = step - (n - 1);
            sendBlock = (a + 1 + n - t) % n;
            recvBlock = (a + n - t) % n;
        }
        plan.Send(next, Share(shard, n, sendBlock));
        plan.Recv(prev, Share(shard, n, recvBlock));
        return;
    }
    step -= interSteps;
    // 3. All-gather inside the server: local rank i contributes block i.
    plan.Send(localNext, Share(laneBytes, m, (i + m - step) % m));
    plan.Recv(localPrev, Share(laneBytes, m, (i + 2 * m - step - 1) % m));
}

} // namespace fabric
} // namespace ns3
