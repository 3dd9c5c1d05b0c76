/* uipc: placeholder until the control protocol lands. */
#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "uipc: not yet\n");
	return 1;
}
