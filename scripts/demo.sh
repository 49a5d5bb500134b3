#!/bin/sh
# `make demo`: runs examples/analysis-bridge.vnet and says what to look at.
VNET=${1:-build/vnet}
cat <<'TXT'
vnet demo: the analysis bridge
==============================
Four network namespaces in one process: a VM, an "analysis" host running a
transparent Linux bridge (br0) between the VM and its virtual switch, the
virtual switch (vsw0) and a gateway.  The virtual switch reflects
broadcasts back (hairpin) and does not learn on its uplink, so br0 learns
the VM's MAC on the wrong port and drops the gateway's replies.

Watch for:
  * the VM's ping failing ("Destination Host Unreachable"),
  * `bridge fdb show`: the VM's MAC learned on "uplink",
  * the three captures: on vmport only ARP requests, on uplink and br0
    requests *and* replies -- the replies die inside br0,
  * fix 1 (ageing_time 0) and fix 2 (learning off on uplink) making the
    same ping work.

All of it runs on virtual time: the timeouts you see take no wall time.
The script is examples/analysis-bridge.vnet; run any script with
  build/vnet run FILE

TXT
exec "$VNET" run examples/analysis-bridge.vnet
