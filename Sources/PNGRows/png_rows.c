// libpng reports errors by longjmp, which Swift cannot catch: the calls that may fail
// live here, behind setjmp, and answer with a status.
#include "PNGRows.h"

#include <png.h>
#include <setjmp.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size, offset;
} Source;

static void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
    Source *source = (Source *)png_get_io_ptr(png);
    if (count > source->size - source->offset) png_error(png, "truncated");
    memcpy(out, source->data + source->offset, count);
    source->offset += count;
}

// Damaged files are refused through the status; libpng's own messages stay quiet.
static void quiet_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }
static void fail(png_structp png, png_const_charp message) {
    (void)message;
    png_longjmp(png, 1);
}

static png_structp open_png(Source *source, png_infop *info) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, fail, quiet_warning);
    if (!png) return NULL;
    *info = png_create_info_struct(png);
    if (!*info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return NULL;
    }
    png_set_read_fn(png, source, read_from_memory);
    return png;
}

int quire_png_read(const uint8_t *data, size_t size, QuirePNGInfo *out, int channels, uint8_t *pixels, size_t stride) {
    Source source = {data, size, 0};
    png_infop info = NULL;
    png_structp png = open_png(&source, &info);
    if (!png) return -1;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_read_info(png, info);
    memset(out, 0, sizeof *out);
    out->width = png_get_image_width(png, info);
    out->height = png_get_image_height(png, info);
    out->bitDepth = png_get_bit_depth(png, info);
    out->colourType = png_get_color_type(png, info);
    out->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    out->hasPalette = (out->colourType & PNG_COLOR_MASK_PALETTE) != 0;
    png_uint_32 x = 0, y = 0;
    int unit = 0;
    if (png_get_pHYs(png, info, &x, &y, &unit) && unit == PNG_RESOLUTION_METER) {
        out->xPerMetre = x;
        out->yPerMetre = y;
    }
    if (pixels) {
        int colour = out->colourType;
        if (out->bitDepth == 16) png_set_strip_16(png);
        if (channels == 4) {
            if (!(colour & PNG_COLOR_MASK_COLOR)) png_set_gray_to_rgb(png);
            png_set_bgr(png);  // RGB(A) -> BGR(A)
            if (colour & PNG_COLOR_MASK_ALPHA) {
                png_set_swap_alpha(png);  // BGRA -> ABGR: a little-endian 0xRRGGBBAA word
            } else {
                png_set_filler(png, 0, PNG_FILLER_BEFORE);  // applied after png_set_bgr in libpng's order: XBGR
            }
        } else if (colour != PNG_COLOR_TYPE_GRAY) {
            png_longjmp(png, 1);
        }
        png_read_update_info(png, info);
        if (png_get_rowbytes(png, info) > stride) png_longjmp(png, 1);
        for (uint32_t row = 0; row < out->height; row++) png_read_row(png, pixels + (size_t)row * stride, NULL);
    }
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}
