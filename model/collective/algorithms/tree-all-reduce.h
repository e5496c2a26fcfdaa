/*
 * Double-binary-tree all-reduce schedule (NCCL 2.4 "tree").
 */
#ifndef FABRIC_TREE_ALL_REDUCE_H
#define FABRIC_TREE_ALL_REDUCE_H

#include "model/collective/collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Double-binary-tree all-reduce (NCCL "tree"): two binary trees over the ranks, each
 * carrying half of the data; in one tree a rank is an inner node, in the other mostly a leaf
 * (NCCL's construction: the second tree mirrors the first for even n, shifts it by one for
 * odd n). Per tree and chunk: reduce up (step 0 receive from the children, step 1 send to
 * the parent), broadcast down (step 1 receive from the parent, step 2 send to the children).
 * Chunks pipeline, so the latency grows with log2(n) while every rank still sends about
 * 2 S bytes: a rank with c children and a parent in a tree of D bytes sends (c + 1) D there.
 */
class TreeAllReduce : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_REDUCE; }

    std::string GetName() const override { return "tree"; }

    uint32_t LanesPerChannel() const override { return 2; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

    /// Parent and children of a rank in one tree (-1: none).
    struct TreeNode
    {
        int32_t parent {-1}; //!< parent rank
        int32_t child0 {-1}; //!< first child
        int32_t child1 {-1}; //!< second child
    };

    /**
     * @param n ranks
     * @param rank the rank
     * @param tree 0 or 1
     * @return the rank's place in tree @p tree of NCCL's double binary tree
     */
    static TreeNode GetTreeNode(uint32_t n, uint32_t rank, uint32_t tree);

private:
    /// NCCL's binary tree with root 0 that alternates leaves and inner nodes.
    static TreeNode BinaryTree(int32_t n, int32_t rank);
};

} // namespace fabric
} // namespace ns3

#endif
