/*
 * GoogleTest entry point: picosecond time resolution before any Time is made.
 */
#include "helper/heap-scheduler.h"

#include "ns3/nstime.h"

#include <gtest/gtest.h>

int
main(int argc, char** argv)
{
    ns3::Time::SetResolution(ns3::Time::PS);
    ns3::fabric::UseFabricScheduler();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
