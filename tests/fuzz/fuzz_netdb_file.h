/*
 * Shared by the netdb parser fuzz targets: each input becomes one database
 * file in a private UIPC_ETC directory, which the target then reads
 * through every routine of that database.  The parsers must skip what they
 * cannot read and never crash or grow without bound (include/uipc/netdb.h).
 */
#ifndef FUZZ_NETDB_FILE_H
#define FUZZ_NETDB_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uipc/netdb.h"

/* Writes the input as $UIPC_ETC/name; returns 0, or -1 to skip it. */
static int
fuzz_netdb_write(const char *name, const uint8_t *data, size_t size)
{
	static char dir[64];
	char path[128];
	FILE *fp;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/uipc-fuzz-netdb.XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		setenv("UIPC_ETC", dir, 1);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fwrite(data, 1, size, fp);
	fclose(fp);
	return 0;
}

/*
 * A key to look up, taken from the input: its first word after the first
 * blank (often a name), cut to fit.
 */
static void
fuzz_netdb_key(const uint8_t *data, size_t size, char *key, size_t keylen)
{
	size_t i = 0, n = 0;

	while (i < size && data[i] != ' ' && data[i] != '\t')
		i++;
	while (i < size && (data[i] == ' ' || data[i] == '\t'))
		i++;
	while (i < size && n + 1 < keylen && data[i] != ' ' &&
	    data[i] != '\t' && data[i] != '\n' && data[i] != '\0')
		key[n++] = (char)data[i++];
	key[n] = '\0';
}

#endif
