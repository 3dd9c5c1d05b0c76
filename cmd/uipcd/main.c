/* uipcd: placeholder until src/sys lands. */
#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "uipcd: not yet\n");
	return 1;
}
