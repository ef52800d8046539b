/* A valid ToUnicode CMap for libharu's Unicode fonts.
 *
 * With the UTF-8 encoder libharu 2.3.0 draws a TrueType font as Type0 with
 * Identity-H. As the font's ToUnicode it writes the encoder's CMap, whose
 * `begincidrange` has no place in a ToUnicode CMap (poppler: "Invalid
 * 'begincidrange' operator in ToUnicode CMap"), and which maps codes as
 * UTF-16 values, where ours are CIDs in the subset's glyph order
 * (fonts.c). We rewrite the content of the stream libharu made (its
 * dictionary stays where the font refers to it) once every page is drawn,
 * mapping exactly the CIDs drawn to their characters (private-use codes to
 * the characters beyond the BMP they stand for).
 */
#include "pdf_internal.h"

#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>

/* The character code c of font f stands for: itself, or for a private-use
 * substitute the character beyond the BMP. */
static uint32_t character(const gk_pfont *f, uint32_t c, const uint8_t *sub)
{
    if (!((sub[c >> 3] >> (c & 7)) & 1)) return c;
    for (size_t k = 0; k < f->nsubst; k++)
        if (f->subst[k].code == c) return f->subst[k].cp;
    return c;
}

/* The codes standing for characters beyond the BMP, as a bitmap. */
static void substituted(const gk_pfont *f, uint8_t *sub)
{
    memset(sub, 0, 65536 / 8);
    for (size_t k = 0; k < f->nsubst; k++) sub[f->subst[k].code >> 3] |= (uint8_t)(1u << (f->subst[k].code & 7));
}

typedef struct entries {
    HPDF_Stream s;
    const char *kind; /* "bfrange" or "bfchar" */
    char lines[100][32];
    int n;
    HPDF_STATUS st;
} entries;

/* Writes the block of entries collected (at most 100, the CMap limit). */
static void flush(entries *e)
{
    if (!e->n || e->st != HPDF_OK) return;
    char line[32];
    snprintf(line, sizeof line, "%d begin%s\n", e->n, e->kind);
    e->st = HPDF_Stream_WriteStr(e->s, line);
    for (int k = 0; k < e->n && e->st == HPDF_OK; k++) e->st = HPDF_Stream_WriteStr(e->s, e->lines[k]);
    if (e->st == HPDF_OK) {
        snprintf(line, sizeof line, "end%s\n", e->kind);
        e->st = HPDF_Stream_WriteStr(e->s, line);
    }
    e->n = 0;
}

static char *next_line(entries *e)
{
    if (e->n == 100) flush(e);
    return e->lines[e->n++];
}

/* Maps each CID (fonts.c: in the subset's glyph order) to the character
 * drawn with it: a run of CIDs whose characters follow each other as one
 * range (never crossing a change of the first byte of the CID or of the
 * character), the others one by one, characters beyond the BMP as UTF-16
 * surrogate pairs. */
static HPDF_STATUS write_cmap(HPDF_Stream s, const gk_pfont *f)
{
    HPDF_STATUS st = HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
                                             "12 dict begin\n"
                                             "begincmap\n"
                                             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                             "/CMapName /Adobe-Identity-UCS def\n"
                                             "/CMapType 2 def\n"
                                             "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    if (st != HPDF_OK) return st;
    static uint8_t sub[65536 / 8];
    substituted(f, sub);
    entries ranges = {.s = s, .kind = "bfrange", .st = HPDF_OK}, chars = {.s = s, .kind = "bfchar", .st = HPDF_OK};
    for (size_t c = 0; c < f->ncid && ranges.st == HPDF_OK && chars.st == HPDF_OK;) {
        uint32_t code = f->cid_code[c];
        uint32_t u = code == UINT32_MAX ? 0 : character(f, code, sub);
        if (code == UINT32_MAX || (u >= 0xD800 && u <= 0xDFFF)) {
            c++;
            continue;
        }
        if (u > 0xFFFF) {
            uint32_t v = u - 0x10000;
            snprintf(next_line(&chars), 32, "<%04X> <%04X%04X>\n", (unsigned)c, (unsigned)(0xD800 + (v >> 10)),
                     (unsigned)(0xDC00 + (v & 0x3FF)));
            c++;
            continue;
        }
        size_t e = c + 1;
        while (e < f->ncid && (e & 0xFF) != 0 && ((u + (e - c)) & 0xFF) != 0 && f->cid_code[e] != UINT32_MAX &&
               character(f, f->cid_code[e], sub) == u + (e - c) && u + (e - c) <= 0xFFFF &&
               (u + (e - c) < 0xD800 || u + (e - c) > 0xDFFF))
            e++;
        if (e - c > 1)
            snprintf(next_line(&ranges), 32, "<%04X> <%04X> <%04X>\n", (unsigned)c, (unsigned)(e - 1), (unsigned)u);
        else
            snprintf(next_line(&chars), 32, "<%04X> <%04X>\n", (unsigned)c, (unsigned)u);
        c = e;
    }
    flush(&ranges);
    flush(&chars);
    st = ranges.st != HPDF_OK ? ranges.st : chars.st;
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(s, "endcmap\n"
                                     "CMapName currentdict /CMap defineresource pop\n"
                                     "end\n"
                                     "end\n");
    return st;
}

gk_status gk_pdf_tounicode(gk_pfonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        gk_pfont *f = &pf->f[k];
        if (!f->font) continue;
        HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
        HPDF_Dict cmap = attr ? attr->cmap_stream : NULL;
        if (!cmap || !cmap->stream) return GK_INVALID;
        /* the keys of an encoding CMap have no place in a ToUnicode stream */
        HPDF_Dict_RemoveElement(cmap, "Type");
        HPDF_Dict_RemoveElement(cmap, "CMapName");
        HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
        HPDF_Dict_RemoveElement(cmap, "WMode");
        HPDF_ResetError(pf->pdf);
        HPDF_MemStream_FreeData(cmap->stream);
        if (write_cmap(cmap->stream, f) != HPDF_OK) return GK_NOMEM;
    }
    return GK_OK;
}
