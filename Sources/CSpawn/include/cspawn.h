#ifndef COOPLEDGER_CSPAWN_H
#define COOPLEDGER_CSPAWN_H

#include <spawn.h>

// glibc's posix_spawn extensions are declared only under _GNU_SOURCE, which Swift's
// Glibc module does not set; these wrappers make them reachable.
int cspawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest);
int cspawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
