#pragma once

// The disk scenario the series tests share: a filesystem filling up on node-under-test (its
// size given per phase), and a second instance with a missing value.
inline const char* k_disk_scenario = R"(name: disk
requests: [{name: home, path: /}]
phases:
  - {name: fill, duration: 3m, rate: 1}
  - {name: recover, duration: 2m, rate: 1}
series:
  - series: 'node_filesystem_avail_bytes{job="node", instance="node-under-test", mountpoint="/data", fstype="ext4"}'
    values: '80e9-10e9x7 10e9x10'
    interval: 15s
  - series: 'node_filesystem_size_bytes{job="node", instance="node-under-test", mountpoint="/data", fstype="ext4"}'
    phases: {fill: 100e9, recover: {from: 100e9, to: 50e9}}
  - series: 'node_filesystem_avail_bytes{job="node", instance="b", mountpoint="/data", fstype="ext4"}'
    values: '5 _ 7'
    interval: 15s
)";
