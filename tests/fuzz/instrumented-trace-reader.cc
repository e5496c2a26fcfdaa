/*
 * config/trace-reader.cc compiled into the fuzz target with the sanitizers and coverage. Its log
 * component is registered under another name: the fabric library registers the original.
 */
#include "ns3/log.h"

#undef NS_LOG_COMPONENT_DEFINE
#define NS_LOG_COMPONENT_DEFINE(name) \
    static ns3::LogComponent g_log = ns3::LogComponent(name "(fuzz)", __FILE__)

#include "config/trace-reader.cc"
