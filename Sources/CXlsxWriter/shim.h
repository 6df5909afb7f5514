#ifndef COOPLEDGER_CXLSXWRITER_SHIM_H
#define COOPLEDGER_CXLSXWRITER_SHIM_H

#include <xlsxwriter.h>

#endif
