/* word/settings.xml: different odd and even footers, Chinese punctuation
 * compression, the current compatibility mode. */
#include "parts.h"
#include "xml.h"

bool gk_docx_settings_xml(gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:settings");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    gk_xml_elem(x, "w:defaultTabStop", "w:val", "420", NULL);
    gk_xml_elem(x, "w:evenAndOddHeaders", NULL);
    gk_xml_elem(x, "w:characterSpacingControl", "w:val", "compressPunctuation", NULL);
    gk_xml_start(x, "w:compat");
    gk_xml_elem(x, "w:compatSetting", "w:name", "compatibilityMode", "w:uri", "http://schemas.microsoft.com/office/word",
                "w:val", "15", NULL);
    gk_xml_end(x);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
