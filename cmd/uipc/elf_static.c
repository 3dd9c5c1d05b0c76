/*
 * Whether a program is statically linked: uipc run serves such a program
 * from outside it, since it never loads the preload shim (supervise.c).
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supervise.h"

/* Whether FILE (found as execvp finds it) is an ELF program with no interpreter. */
int
uipc_is_static(const char *file)
{
	char path[4096];
	const char *dirs, *end;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	FILE *f = NULL;
	int i, interp = 0;

	if (strchr(file, '/') != NULL) {
		f = fopen(file, "rb");
	} else if ((dirs = getenv("PATH")) != NULL) {
		for (; f == NULL && *dirs != '\0'; dirs = *end ? end + 1 : end) {
			end = strchr(dirs, ':');
			if (end == NULL)
				end = dirs + strlen(dirs);
			snprintf(path, sizeof(path), "%.*s/%s", (int)(end - dirs), dirs, file);
			if (access(path, X_OK) == 0)
				f = fopen(path, "rb");
		}
	}
	if (f == NULL)
		return 0;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(ph)) {
		fclose(f);
		return 0;	/* a script, or no ELF of ours: its interpreter decides */
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + (Elf64_Off)i * sizeof(ph)), SEEK_SET) != 0 ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			break;
		if (ph.p_type == PT_INTERP)
			interp = 1;
	}
	fclose(f);
	return !interp && i == eh.e_phnum;
}

