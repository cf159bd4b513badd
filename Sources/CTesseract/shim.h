#ifndef QUIRE_CTESSERACT_SHIM_H
#define QUIRE_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
