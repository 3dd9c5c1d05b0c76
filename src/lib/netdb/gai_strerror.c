/*
 * gai_strerror: the text of getaddrinfo's and getnameinfo's errors, in
 * glibc's words, so that a program prints the same message on uipc (glibc
 * has none for EAI_OVERFLOW: "Unknown error", as for any other code).
 */
#include "netdb_int.h"

static const struct {
	int ge_code;
	const char *ge_msg;
} gai_errs[] = {
	{ EAI_ADDRFAMILY, "Address family for hostname not supported" },
	{ EAI_AGAIN, "Temporary failure in name resolution" },
	{ EAI_BADFLAGS, "Bad value for ai_flags" },
	{ EAI_FAIL, "Non-recoverable failure in name resolution" },
	{ EAI_FAMILY, "ai_family not supported" },
	{ EAI_MEMORY, "Memory allocation failure" },
	{ EAI_NODATA, "No address associated with hostname" },
	{ EAI_NONAME, "Name or service not known" },
	{ EAI_SERVICE, "Servname not supported for ai_socktype" },
	{ EAI_SOCKTYPE, "ai_socktype not supported" },
	{ EAI_SYSTEM, "System error" },
	{ EAI_INPROGRESS, "Processing request in progress" },
	{ EAI_CANCELED, "Request canceled" },
	{ EAI_NOTCANCELED, "Request not canceled" },
	{ EAI_ALLDONE, "All requests done" },
	{ EAI_INTR, "Interrupted by a signal" },
	{ EAI_IDN_ENCODE, "Parameter string not correctly encoded" },
};

const char *
uipc_gai_strerror(int code)
{
	size_t i;

	for (i = 0; i < sizeof(gai_errs) / sizeof(gai_errs[0]); i++)
		if (gai_errs[i].ge_code == code)
			return gai_errs[i].ge_msg;
	return "Unknown error";
}
