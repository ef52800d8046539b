/* A valid ToUnicode CMap for libharu's Unicode fonts.
 *
 * With the UTF-8 encoder libharu 2.3.0 draws a TrueType font as Type0 with
 * Identity-H, each code being the character's UTF-16 value (its CID, mapped
 * to the glyph by CIDToGIDMap). As the font's ToUnicode it writes the
 * encoder's CMap, whose `begincidrange` has no place in a ToUnicode CMap
 * (poppler: "Invalid 'begincidrange' operator in ToUnicode CMap"), so
 * copying and searching depend on each reader's guesswork.
 *
 * Since code = UTF-16 value, the right CMap is the identity on the codes
 * drawn, plus the private-use codes that stand for characters beyond the
 * BMP. We rewrite the content of the stream libharu made (its dictionary
 * stays where the font refers to it) once every page is drawn, so it lists
 * exactly the codes used.
 */
#include "pdf_internal.h"

#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>

static bool used(const gk_pfont *f, unsigned c) { return (f->used[c >> 3] >> (c & 7)) & 1; }

/* The codes standing for characters beyond the BMP, as a bitmap (a search
 * of the list per code drawn would be quadratic). */
static void substituted(const gk_pfont *f, uint8_t *sub)
{
    memset(sub, 0, 65536 / 8);
    for (size_t k = 0; k < f->nsubst; k++) sub[f->subst[k].code >> 3] |= (uint8_t)(1u << (f->subst[k].code & 7));
}

/* Writes one identity range or character per line, at most 100 per block
 * (the CMap limit), a range never crossing a change of the first byte. */
static HPDF_STATUS write_cmap(HPDF_Stream s, const gk_pfont *f)
{
    HPDF_STATUS st = HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
                                             "12 dict begin\n"
                                             "begincmap\n"
                                             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                             "/CMapName /Adobe-Identity-UCS def\n"
                                             "/CMapType 2 def\n"
                                             "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* ranges of codes drawn as themselves */
    static uint8_t sub[65536 / 8];
    substituted(f, sub);
    unsigned lo[100], hi[100];
    int n = 0;
    char line[96];
    for (unsigned c = 0; c <= 0x10000 && st == HPDF_OK; c++) {
        /* eight codes none of which is drawn: only a full block is written */
        bool none = c < 0x10000 && !(c & 7) && !f->used[c >> 3];
        bool in = !none && c < 0x10000 && used(f, c) && !((sub[c >> 3] >> (c & 7)) & 1) && (c < 0xD800 || c > 0xDFFF);
        if (in && n && hi[n - 1] == c - 1 && (c & 0xFF) != 0) {
            hi[n - 1] = c;
            continue;
        }
        if (n == 100 || (c == 0x10000 && n)) {
            snprintf(line, sizeof line, "%d beginbfrange\n", n);
            st = HPDF_Stream_WriteStr(s, line);
            for (int k = 0; k < n && st == HPDF_OK; k++) {
                snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", lo[k], hi[k], lo[k]);
                st = HPDF_Stream_WriteStr(s, line);
            }
            if (st == HPDF_OK) st = HPDF_Stream_WriteStr(s, "endbfrange\n");
            n = 0;
        }
        if (in) {
            lo[n] = hi[n] = c;
            n++;
        }
        if (none) c += 7;
    }
    /* private-use codes for characters beyond the BMP: UTF-16 surrogate pairs */
    for (size_t k = 0; k < f->nsubst && st == HPDF_OK; k += 100) {
        size_t m = f->nsubst - k < 100 ? f->nsubst - k : 100;
        snprintf(line, sizeof line, "%zu beginbfchar\n", m);
        st = HPDF_Stream_WriteStr(s, line);
        for (size_t j = k; j < k + m && st == HPDF_OK; j++) {
            uint32_t v = f->subst[j].cp - 0x10000;
            snprintf(line, sizeof line, "<%04X> <%04X%04X>\n", f->subst[j].code, (unsigned)(0xD800 + (v >> 10)),
                     (unsigned)(0xDC00 + (v & 0x3FF)));
            st = HPDF_Stream_WriteStr(s, line);
        }
        if (st == HPDF_OK) st = HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
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
