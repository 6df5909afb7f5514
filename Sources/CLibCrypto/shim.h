#ifndef COOPLEDGER_CLIBCRYPTO_SHIM_H
#define COOPLEDGER_CLIBCRYPTO_SHIM_H

// OpenSSL's digests (libcrypto), as Debian's libssl-dev ships them; libpq-dev needs it too.
#include <openssl/evp.h>

#endif
