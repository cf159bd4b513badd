#ifndef QUIRE_PNG_ROWS_H
#define QUIRE_PNG_ROWS_H

#include <stddef.h>
#include <stdint.h>

/// What a PNG holds, from its header.
typedef struct {
    uint32_t width, height;
    int bitDepth, colourType;
    int interlaced, hasPalette;
    /// Pixels per metre from pHYs (0 where the file gives none).
    uint32_t xPerMetre, yPerMetre;
} QuirePNGInfo;

/// Reads the header into `info`; with `pixels`, also decodes every row straight into
/// them (`stride` bytes a row), one row at a time, so that no second copy of the image
/// is ever made. `channels` 1: 8-bit grey (grey PNGs only); 4: one 32-bit word a pixel
/// laid out as leptonica keeps it on a little-endian machine (alpha, blue, green, red
/// in memory; alpha 0 where the file has none). 16-bit samples are cut to their high
/// byte. 0 on success, -1 when libpng refuses the file.
int quire_png_read(const uint8_t *data, size_t size, QuirePNGInfo *info, int channels, uint8_t *pixels, size_t stride);

#endif
