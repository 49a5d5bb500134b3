// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_commands.c - exit statuses and messages of the
 * IPv4 configuration commands (ip route, ip neigh, arp, sysctl), which
 * scenario scripts cannot see: each line below, with its status and
 * output, was run on Linux 6.18 with iproute2 6.1, net-tools 2.10 and
 * procps-ng 4.0.2 in a namespace set up the same way.  Every test is a
 * leak test.
 */
#include "helpers.h"

struct expect {
	const char *line;
	int status;
	const char *out;	/* stdout and stderr, merged */
};

static void run_table(struct vn_test_engine *t, const struct expect *e,
		      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int status;

		vn_test_output_clear(t);
		status = vn_test_exec(t, e[i].line);
		if (status != e[i].status ||
		    strcmp(vn_test_output(t), e[i].out))
			fail_msg("%s\n  status %d, want %d\n  output \"%s\"\n  want   \"%s\"",
				 e[i].line, status, e[i].status,
				 vn_test_output(t), e[i].out);
	}
}

static int setup(void **state)
{
	static const struct expect lines[] = {
		{ "ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02", 0, "" },
		{ "ip link set v0 up", 0, "" },
		{ "ip link set v1 up", 0, "" },
		{ "ip addr add 10.0.0.1/24 dev v0", 0, "" },
	};
	struct vn_test_engine *t;

	if (vn_test_engine_setup(state))
		return -1;
	t = *state;
	run_table(t, lines, ARRAY_SIZE(lines));
	return 0;
}

static void test_commands_ip_route(void **state)
{
	static const struct expect lines[] = {
		{ "ip route add 192.168.1.0/24 via 10.0.0.2", 0, "" },
		{ "ip route add 192.168.1.0/24 via 10.0.0.2", 2,
		  "RTNETLINK answers: File exists\n" },
		{ "ip route add 192.168.2.0/24 via 10.0.1.2", 2,
		  "Error: Nexthop has invalid gateway.\n" },
		{ "ip route add 10.5.0.0/33 dev v0", 1,
		  "Error: any valid prefix is expected rather than \"10.5.0.0/33\".\n" },
		{ "ip route add 10.5.0.1/16 dev v0", 2,
		  "Error: Invalid prefix for given prefix length.\n" },
		{ "ip route add 10.5.0.0/16 dev nosuch", 1,
		  "Cannot find device \"nosuch\"\n" },
		{ "ip route add 10.6.0.0/16 via foo", 1,
		  "Error: inet address is expected rather than \"foo\".\n" },
		{ "ip route add 10.6.0.0/16 dev v0 metric abc", 255,
		  "Error: argument \"abc\" is wrong: \"metric\" value is invalid\n\n" },
		{ "ip route add 10.6.0.0/16 dev v0 bogus", 255,
		  "Error: either \"to\" is duplicate, or \"bogus\" is a garbage.\n" },
		{ "ip route add 10.6.0.0/16", 2,
		  "RTNETLINK answers: No such device\n" },
		{ "ip route add 10.6.0.0/16 via 10.0.0.5 scope host", 2,
		  "Error: Route with host scope can not have a gateway.\n" },
		{ "ip route add blackhole 1.2.3.0/24 dev v0", 2,
		  "Error: Gateway, device and multipath can not be specified for this route type.\n" },
		{ "ip route del 192.168.9.0/24", 2,
		  "RTNETLINK answers: No such process\n" },
		{ "ip route del 192.168.1.0/24 table 77", 2,
		  "Error: FIB table does not exist.\n" },
		{ "ip route change 192.168.10.0/24 via 10.0.0.4", 2,
		  "RTNETLINK answers: No such file or directory\n" },
		{ "ip route add unreachable 192.168.5.0/24", 0, "" },
		{ "ip route get 192.168.5.1", 2,
		  "RTNETLINK answers: No route to host\n" },
		{ "ip route get 10.0.0.2 from 10.0.0.5", 2,
		  "RTNETLINK answers: Network is unreachable\n" },
		{ "ip route get 10.0.0.2 oif nosuch", 1,
		  "Cannot find device \"nosuch\"\n" },
		{ "ip route get", 1, "need at least a destination address\n" },
		{ "ip route get 10.0.0.2", 0,
		  "10.0.0.2 dev v0 src 10.0.0.1 uid 0 \n    cache \n" },
		{ "ip route flush", 1, "\"ip route flush\" requires arguments.\n" },
		{ "ip route show table 253", 2,
		  "Error: ipv4: FIB table does not exist.\nDump terminated\n" },
		{ "ip route show proto bogus", 255,
		  "Error: argument \"bogus\" is wrong: invalid \"protocol\"\n\n" },
		{ "ip route bogus", 255,
		  "Command \"bogus\" is unknown, try \"ip route help\".\n" },
		{ "ip -s route flush 192.168.1.0/24", 0,
		  "\n*** Round 1, deleting 1 entries ***\n*** Flush is complete after 1 round ***\n" },
		{ "ip -s route flush 192.168.1.0/24", 0, "Nothing to flush.\n" },
	};

	run_table(*state, lines, ARRAY_SIZE(lines));
}

static void test_commands_ip_neigh(void **state)
{
	static const struct expect lines[] = {
		{ "ip neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev v0", 0, "" },
		{ "ip neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev v0", 2,
		  "RTNETLINK answers: File exists\n" },
		{ "ip neigh add 10.0.0.70 lladdr 02:00:00:00:00:70", 255,
		  "Device and destination are required arguments.\n" },
		{ "ip neigh add 10.0.0.70 lladdr zz dev v0", 1,
		  "\"zz\" is invalid lladdr.\n" },
		{ "ip neigh add 10.0.0.63 lladdr 02:zz:00:00:00:01 dev v0", 1,
		  "\"zz\" is invalid lladdr.\n" },
		{ "ip neigh add bogus lladdr 02:00:00:00:00:70 dev v0", 1,
		  "Error: any valid address is expected rather than \"bogus\".\n" },
		{ "ip neigh add 10.0.0.61 lladdr 02:00:00:00:00 dev v0", 2,
		  "Error: Invalid link address.\n" },
		{ "ip neigh add 10.0.0.55 dev v0", 2,
		  "Error: No link layer address given.\n" },
		{ "ip neigh add 10.0.0.68 lladdr 02:00:00:00:00:68 dev v0 nud 3", 255,
		  "Error: argument \"3\" is wrong: nud state is bad\n" },
		{ "ip neigh change 10.0.0.71 lladdr 02:00:00:00:00:99 dev v0", 2,
		  "RTNETLINK answers: No such file or directory\n" },
		{ "ip neigh del 10.0.0.99 dev v0", 2,
		  "RTNETLINK answers: No such file or directory\n" },
		{ "ip neigh del 10.0.0.51", 255,
		  "Device and destination are required arguments.\n" },
		{ "ip neigh get 10.0.0.50", 1,
		  "Device and address are required arguments.\n" },
		{ "ip neigh get 10.0.0.3 dev v0", 2,
		  "Error: Neighbour entry not found.\n" },
		{ "ip neigh get 10.0.0.50 dev v0", 0,
		  "10.0.0.50 dev v0 lladdr 02:00:00:00:00:50 PERMANENT \n" },
		{ "ip neigh show dev nosuch", 1, "Cannot find device \"nosuch\"\n" },
		{ "ip neigh flush", 1, "Flush requires arguments.\n" },
		{ "ip -s neigh flush dev v0", 0, "Nothing to flush.\n" },
		{ "ip neigh bogus", 255,
		  "Command \"bogus\" is unknown, try \"ip neigh help\".\n" },
		{ "ip neigh add 10.0.0.52 lladdr 02:00:00:00:00:52 dev v0 nud stale", 0, "" },
		{ "ip -s neigh show 10.0.0.52", 0,
		  "10.0.0.52 dev v0 lladdr 02:00:00:00:00:52  used 0/60/0probes 0 STALE \n" },
		{ "ip -s -s neigh flush to 10.0.0.52", 0,
		  "10.0.0.52 dev v0 lladdr 02:00:00:00:00:52  used 0/60/0probes 0 STALE \n"
		  "\n*** Round 1, deleting 1 entries ***\n*** Flush is complete after 1 round ***\n" },
	};

	run_table(*state, lines, ARRAY_SIZE(lines));
}

static void test_commands_arp(void **state)
{
	static const struct expect lines[] = {
		{ "arp -n", 0, "" },
		{ "arp -i v0", 0, "arp: in 0 entries no match found.\n" },
		{ "arp -s 10.0.0.60 02:00:00:00:00:60", 0, "" },
		{ "arp -n", 0,
		  "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
		  "10.0.0.60                ether   02:00:00:00:00:60   CM                    v0\n" },
		{ "arp -an", 0, "? (10.0.0.60) at 02:00:00:00:00:60 [ether] PERM on v0\n" },
		{ "arp -n 10.0.0.99", 0, "10.0.0.99 (10.0.0.99) -- no entry\n" },
		{ "arp -s 10.0.0.11", 255, "arp: need hardware address\n" },
		{ "arp -s", 255, "arp: need host name\n" },
		{ "arp -s 10.0.0.63 zz:00", 255, "arp: invalid hardware address\n" },
		{ "arp -s 192.168.99.1 02:00:00:00:00:60", 255,
		  "SIOCSARP: Network is unreachable\n" },
		{ "arp -s 10.0.0.1 02:00:00:00:00:14", 255, "SIOCSARP: Invalid argument\n" },
		{ "arp -s 10.0.0.16 02:00:00:00:00:16 -i nosuch", 255,
		  "SIOCSARP: No such device\n" },
		{ "arp -s foo 02:00:00:00:00:13", 255, "foo: Host name lookup failure\n" },
		{ "arp -H bogus -n", 255, "arp: bogus: unknown hardware type.\n" },
		{ "arp -d 10.0.0.60", 0, "" },
		{ "arp -d 10.0.0.60", 255, "No ARP entry for 10.0.0.60\n" },
		{ "arp -d 192.168.99.1", 255,
		  "SIOCDARP(dontpub): Network is unreachable\n" },
	};
	struct vn_test_engine *t = *state;

	run_table(t, lines, ARRAY_SIZE(lines));
	vn_test_output_clear(t);
	assert_int_equal(vn_test_exec(t, "arp -x"), 3);
	assert_non_null(strstr(vn_test_output(t),
			       "arp: invalid option -- 'x'\nUsage:\n"));
}

static void test_commands_sysctl(void **state)
{
	static const struct expect lines[] = {
		{ "sysctl net.ipv4.ip_forward", 0, "net.ipv4.ip_forward = 0\n" },
		{ "sysctl -w net.ipv4.ip_forward=1", 0, "net.ipv4.ip_forward = 1\n" },
		{ "sysctl -n net.ipv4.conf.v0.forwarding", 0, "1\n" },
		{ "sysctl -q net.ipv4.ip_forward=0", 0, "" },
		{ "sysctl net.foo", 1,
		  "sysctl: cannot stat /proc/sys/net/foo: No such file or directory\n" },
		{ "sysctl net.foo net.bar", 2,
		  "sysctl: cannot stat /proc/sys/net/foo: No such file or directory\n"
		  "sysctl: cannot stat /proc/sys/net/bar: No such file or directory\n" },
		{ "sysctl net.foo=1 net.bar=2", 1,
		  "sysctl: cannot stat /proc/sys/net/foo: No such file or directory\n"
		  "sysctl: cannot stat /proc/sys/net/bar: No such file or directory\n" },
		{ "sysctl -e net.foo", 0, "" },
		{ "sysctl net.ipv4.ip_forward=abc", 1,
		  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n" },
		{ "sysctl net.ipv4.ip_default_ttl=0", 1,
		  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n" },
		{ "sysctl -w net.ipv4.ip_forward", 1,
		  "sysctl: command line(0): invalid syntax, continuing...\n" },
		{ "sysctl -N -q net.ipv4.ip_forward", 1,
		  "sysctl: options -N and -q cannot coexist\n"
		  "Try `sysctl --help' for more information.\n" },
		{ "sysctl -x", 1,
		  "sysctl: no variables specified\n"
		  "Try `sysctl --help' for more information.\n" },
		{ "sysctl net.ipv4.ip_forward=010", 0, "net.ipv4.ip_forward = 010\n" },
		{ "sysctl -n net.ipv4.ip_forward", 0, "8\n" },
		{ "sysctl net.core.netdev_max_backlog", 0,
		  "net.core.netdev_max_backlog = 1000\n" },
	};
	struct vn_test_engine *t = *state;

	run_table(t, lines, ARRAY_SIZE(lines));
	vn_test_output_clear(t);
	assert_int_equal(vn_test_exec(t, "sysctl"), 1);
	assert_non_null(strstr(vn_test_output(t), "\nUsage:\n sysctl [options]"));
	assert_int_equal(vn_test_exec(t, "sysctl -h"), 0);
	/* net.core is the initial namespace's only. */
	vn_test_exec_ok(t, "ip netns add x");
	vn_test_output_clear(t);
	assert_int_equal(vn_test_exec(t, "ip netns exec x sysctl net.core.netdev_max_backlog"), 1);
	assert_string_equal(vn_test_output(t),
			    "sysctl: cannot stat /proc/sys/net/core/netdev_max_backlog: No such file or directory\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, vn_test_engine_teardown)
		T(test_commands_ip_route),
		T(test_commands_ip_neigh),
		T(test_commands_arp),
		T(test_commands_sysctl),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
