/* word/fontTable.xml: the fonts the styles name, each with the substitute
 * Word and WPS may use when an office lacks it (w:altName). */
#include "parts.h"
#include "xml.h"

#include <string.h>

bool gk_docx_font_table_xml(const gk_fontset *fonts, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:fonts");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    const char *seen[2 * GK_ROLE_COUNT];
    int nseen = 0;
    for (int k = 0; k < GK_ROLE_COUNT; k++) {
        const gk_font_spec *f = &fonts->role[k];
        const char *names[2] = {f->docx, f->docx_ascii};
        for (int j = 0; j < 2; j++) {
            if (!names[j]) continue;
            bool dup = false;
            for (int i = 0; i < nseen; i++) dup |= strcmp(seen[i], names[j]) == 0;
            if (dup) continue;
            seen[nseen++] = names[j];
            gk_xml_start(x, "w:font");
            gk_xml_attr(x, "w:name", names[j]);
            if (j == 0 && f->docx_alt) gk_xml_elem(x, "w:altName", "w:val", f->docx_alt, NULL);
            gk_xml_elem(x, "w:charset", "w:val", j == 0 ? "86" : "00", NULL); /* GB2312 */
            gk_xml_elem(x, "w:family", "w:val", j == 0 ? "modern" : "roman", NULL);
            gk_xml_elem(x, "w:pitch", "w:val", j == 0 ? "fixed" : "variable", NULL);
            gk_xml_end(x);
        }
    }
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
