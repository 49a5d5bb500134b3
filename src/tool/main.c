// SPDX-License-Identifier: MIT
/*
 * tool/main.c - placeholder entry point until the command layer lands.
 */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "vnet: not built yet\n");
	return 1;
}
