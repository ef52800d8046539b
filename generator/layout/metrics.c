/* Character classes, the fixed-width metrics of the tests and the metrics
 * of the font service. */
#include "buf.h"
#include "diag.h"
#include "font.h"
#include "layout.h"

bool gk_layout_is_wide(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x1100, 0x115F}, {0x2014, 0x2016}, {0x2018, 0x2019}, {0x201C, 0x201D}, {0x2025, 0x2026},
        {0x2030, 0x2030}, {0x2032, 0x2033}, {0x203B, 0x203B}, {0x2103, 0x2103}, {0x2116, 0x2116},
        {0x2160, 0x216B}, {0x2190, 0x2199}, {0x2460, 0x24FF}, {0x25A0, 0x25FF}, {0x2605, 0x2606},
        {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
        {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
        {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    if (cp < 0x1100) return false;
    /* the CJK Unified Ideographs, most of what is asked, without the search */
    if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
    size_t lo = 0, hi = sizeof ranges / sizeof ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ranges[mid][0]) hi = mid;
        else if (cp > ranges[mid][1]) lo = mid + 1;
        else return true;
    }
    return false;
}

static gk_glyph fixed_glyph(void *ctx, gk_font_role role, uint32_t cp)
{
    (void)ctx;
    gk_glyph g;
    g.font = role >= GK_ROLE_HEADING1 && role <= GK_ROLE_HEADING4 ? 1 : 0;
    g.missing = cp > 0xFFFF || (cp >= 0xE000 && cp <= 0xF8FF);
    g.advance = g.missing || gk_layout_is_wide(cp) ? 1.0 : 0.5;
    return g;
}

gk_metrics gk_metrics_fixed(void)
{
    gk_metrics m = {NULL, fixed_glyph};
    return m;
}

static gk_glyph fonts_glyph(void *ctx, gk_font_role role, uint32_t cp)
{
    gk_glyph g;
    g.missing = !gk_fonts_glyph(ctx, role, cp, &g.font, &g.advance);
    return g;
}

gk_metrics gk_metrics_fonts(struct gk_fonts *fonts)
{
    gk_metrics m = {fonts, fonts_glyph};
    return m;
}

void gk_page_geom_gbt9704(gk_page_geom *g)
{
    g->width = GK_MM(GK_GBT_PAGE_W_MM);
    g->height = GK_MM(GK_GBT_PAGE_H_MM);
    g->left = GK_MM(GK_GBT_LEFT_MM);
    g->top = GK_MM(GK_GBT_TOP_MM);
    g->block_w = GK_MM(GK_GBT_BLOCK_W_MM);
    g->block_h = GK_MM(GK_GBT_BLOCK_H_MM);
    g->lines = GK_GBT_LINES;
    g->chars = GK_GBT_CHARS;
    g->pn_gap = GK_MM(GK_GBT_PN_GAP_MM);
    g->rule = 0.5;
}

void gk_layout_warn_missing(const gk_layout *lay, const char *name, gk_diags *diags)
{
    if (!lay->nmissing) return;
    gk_buf b = {0};
    for (size_t k = 0; k < lay->nmissing && k < 20; k++) {
        const gk_lmissing *m = &lay->missing[k];
        char ch[8] = {0};
        uint32_t c = m->cp;
        if (c < 0x80) ch[0] = (char)c;
        else if (c < 0x800) { ch[0] = (char)(0xC0 | (c >> 6)); ch[1] = (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) {
            ch[0] = (char)(0xE0 | (c >> 12));
            ch[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            ch[2] = (char)(0x80 | (c & 0x3F));
        } else {
            ch[0] = (char)(0xF0 | (c >> 18));
            ch[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            ch[2] = (char)(0x80 | ((c >> 6) & 0x3F));
            ch[3] = (char)(0x80 | (c & 0x3F));
        }
        gk_buf_printf(&b, "%s%s (U+%04X) on page %d in \"%s\"", k ? "; " : "", ch, (unsigned)c, m->page, m->context);
        if (m->count > 1) gk_buf_printf(&b, " and %zu more times", m->count - 1);
    }
    if (lay->nmissing > 20) gk_buf_printf(&b, "; and %zu more characters", lay->nmissing - 20);
    gk_diag_add(diags, GK_WARNING, "font-missing", name, 0, 0, "",
                "no font of the fontset has %zu character%s, drawn as boxes: %s", lay->nmissing,
                lay->nmissing > 1 ? "s" : "", gk_buf_str(&b));
    gk_buf_free(&b);
}
