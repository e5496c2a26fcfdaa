/*
 * Double-binary-tree all-reduce schedule (NCCL 2.4 "tree").
 */
#include "tree-all-reduce.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TreeAllReduce");
NS_OBJECT_ENSURE_REGISTERED(TreeAllReduce);

TypeId
TreeAllReduce::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::TreeAllReduce")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<TreeAllReduce>();
    return tid;
}

TreeAllReduce::TreeNode
TreeAllReduce::BinaryTree(int32_t n, int32_t rank)
{
    // The lowest set bit of the rank gives its level: xx10..0 is the parent of xx01..0 and
    // xx11..0; ranks that would point past n attach one level lower.
    TreeNode t;
    int32_t bit = 1;
    while (bit < n && !(bit & rank))
    {
        bit <<= 1;
    }
    if (rank == 0)
    {
        t.child1 = n > 1 ? bit >> 1 : -1; // the root has a single child
        return t;
    }
    int32_t up = (rank ^ bit) | (bit << 1);
    if (up >= n)
    {
        up = rank ^ bit;
    }
    t.parent = up;
    int32_t low = bit >> 1;
    t.child0 = low == 0 ? -1 : rank - low;
    int32_t d1 = low == 0 ? -1 : rank + low;
    while (d1 >= n)
    {
        low >>= 1;
        d1 = low == 0 ? -1 : rank + low;
    }
    t.child1 = d1;
    return t;
}

TreeAllReduce::TreeNode
TreeAllReduce::GetTreeNode(uint32_t n, uint32_t rank, uint32_t tree)
{
    int32_t nn = static_cast<int32_t>(n);
    int32_t r = static_cast<int32_t>(rank);
    if (tree % 2 == 0)
    {
        return BinaryTree(nn, r);
    }
    auto map = [](int32_t v, auto f) {
        return v < 0 ? -1 : f(v);
    };
    TreeNode t;
    if (n % 2 == 1)
    {
        // Shift by one rank.
        TreeNode s = BinaryTree(nn, (r - 1 + nn) % nn);
        auto back = [nn](int32_t v) {
            return (v + 1) % nn;
        };
        t.parent = map(s.parent, back);
        t.child0 = map(s.child0, back);
        t.child1 = map(s.child1, back);
    }
    else
    {
        // Mirror.
        TreeNode s = BinaryTree(nn, nn - 1 - r);
        auto back = [nn](int32_t v) {
            return nn - 1 - v;
        };
        t.parent = map(s.parent, back);
        t.child0 = map(s.child0, back);
        t.child1 = map(s.child1, back);
    }
    return t;
}

uint32_t
TreeAllReduce::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? 3 : 0;
}

void
TreeAllReduce::GetStep(const CommShape& shape,
                       uint32_t rank,
                       uint32_t lane,
                       uint32_t step,
                       uint64_t laneBytes,
                       StepPlan& plan) const
{
    TreeNode t = GetTreeNode(shape.ranks, rank, lane % 2);
    switch (step)
    {
        case 0: // reduce: receive the children's partial sums
            for (int32_t c : {t.child0, t.child1})
            {
                if (c >= 0)
                {
                    plan.Recv(static_cast<uint32_t>(c), laneBytes);
                }
            }
            break;
        case 1: // send the partial sum up, receive the result from the parent
            if (t.parent >= 0)
            {
                plan.Send(static_cast<uint32_t>(t.parent), laneBytes, 0); // parent's step 0
                plan.Recv(static_cast<uint32_t>(t.parent), laneBytes);
            }
            break;
        default: // broadcast the result to the children
            for (int32_t c : {t.child0, t.child1})
            {
                if (c >= 0)
                {
                    plan.Send(static_cast<uint32_t>(c), laneBytes, 1); // child's step 1
                }
            }
            break;
    }
}

} // namespace fabric
} // namespace ns3
