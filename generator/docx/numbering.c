/* word/numbering.xml, and the bookkeeping that makes Word show exactly the
 * numbers of the document tree.
 *
 * Headings use one multilevel list (一、 （一） 1、 （1）, linked to the
 * Heading 1–4 styles, so a heading inserted in Word is numbered and the rest
 * renumber); a second one differs only in 1. at level 3. Word counts per
 * list instance (numId): a level restarts after a higher level of the same
 * instance. Where that count would differ from the tree's number (after an
 * unnumbered 第二部分, or when the other variant interrupts), the heading
 * starts a new instance of the same list with a startOverride. Lists get an
 * instance each, so they count from 1. */
#include "parts.h"
#include "xml.h"

#include <stdlib.h>

enum {
    ABSTRACT_HEADINGS = 1,     /* GK_NUMSTYLE_COMMA */
    ABSTRACT_HEADINGS_DOT = 2, /* GK_NUMSTYLE_DOT */
    ABSTRACT_LISTS = 3,        /* + gk_numbering */
    ABSTRACT_CELL_LISTS = 9    /* + gk_numbering: the same without indent */
};

static int add_instance(gk_docx_numbering *n, int abstract, int level, int start)
{
    if (n->count == n->cap) {
        int cap = n->cap ? n->cap * 2 : 256;
        gk_num_instance *v = cap <= GK_MAX_NUMS ? realloc(n->inst, (size_t)cap * sizeof *v) : NULL;
        if (!v) {
            n->failed = true;
            return 0;
        }
        n->inst = v;
        n->cap = cap;
    }
    gk_num_instance *i = &n->inst[n->count++];
    i->abstract = abstract;
    i->level = level;
    i->start = start;
    return n->count;
}

void gk_docx_numbering_init(gk_docx_numbering *n)
{
    n->inst = NULL;
    n->count = n->cap = 0;
    n->failed = false;
    for (int s = 0; s < GK_NUMSTYLES; s++) {
        n->heading_inst[s] = add_instance(n, ABSTRACT_HEADINGS + s, -1, 0);
        for (int l = 0; l < 4; l++) n->counter[s][l] = 0;
    }
}

void gk_docx_numbering_free(gk_docx_numbering *n)
{
    free(n->inst);
    n->inst = NULL;
    n->count = n->cap = 0;
}

int gk_docx_heading_num(gk_docx_numbering *n, int level, int style, int number)
{
    int l = level - 1;
    if (l < 0 || l > 3 || style < 0 || style >= GK_NUMSTYLES) { /* not a tree compose.c makes */
        n->failed = true;
        return 0;
    }
    if (n->counter[style][l] + 1 != number) {
        /* Word would count otherwise: a new instance that starts here */
        n->heading_inst[style] = add_instance(n, ABSTRACT_HEADINGS + style, l, number);
        for (int k = 0; k < 4; k++) n->counter[style][k] = 0;
    }
    n->counter[style][l] = number;
    for (int k = l + 1; k < 4; k++) n->counter[style][k] = 0;
    return n->heading_inst[style];
}

int gk_docx_list_num(gk_docx_numbering *n, gk_numbering style, bool in_cell)
{
    return add_instance(n, (in_cell ? ABSTRACT_CELL_LISTS : ABSTRACT_LISTS) + (int)style, 0, 1);
}

/* One level: its format, text and indentation (two characters for body
 * paragraphs). */
static void level(gk_xml *x, int ilvl, const char *fmt, const char *text, const char *pstyle, bool indent)
{
    gk_xml_start(x, "w:lvl");
    gk_xml_attr_int(x, "w:ilvl", ilvl);
    gk_xml_elem(x, "w:start", "w:val", "1", NULL);
    gk_xml_elem(x, "w:numFmt", "w:val", fmt, NULL);
    if (pstyle) gk_xml_elem(x, "w:pStyle", "w:val", pstyle, NULL);
    gk_xml_elem(x, "w:suff", "w:val", "nothing", NULL);
    gk_xml_elem(x, "w:lvlText", "w:val", text, NULL);
    gk_xml_elem(x, "w:lvlJc", "w:val", "left", NULL);
    gk_xml_start(x, "w:pPr");
    /* Word counts the indent in characters; LibreOffice reads the twips */
    gk_xml_start(x, "w:ind");
    gk_xml_attr_int(x, "w:firstLineChars", indent ? 200 : 0);
    gk_xml_attr_int(x, "w:firstLine", indent ? 2 * GK_INDENT_PER_CHAR : 0);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
}

static void abstract_start(gk_xml *x, int id, const char *type)
{
    gk_xml_start(x, "w:abstractNum");
    gk_xml_attr_int(x, "w:abstractNumId", id);
    gk_xml_elem(x, "w:multiLevelType", "w:val", type, NULL);
}

bool gk_docx_numbering_xml(const gk_docx_numbering *n, gk_buf *out)
{
    if (n->failed) return false;
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:numbering");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);

    static const char *const heading_styles[] = {"Heading1", "Heading2", "Heading3", "Heading4"};
    for (int s = 0; s < GK_NUMSTYLES; s++) {
        abstract_start(x, ABSTRACT_HEADINGS + s, "multilevel");
        /* only the first list is linked to the heading styles */
        const char *const *ps = s == GK_NUMSTYLE_COMMA ? heading_styles : NULL;
        level(x, 0, "chineseCounting", "%1、", ps ? ps[0] : NULL, true);
        level(x, 1, "chineseCounting", "（%2）", ps ? ps[1] : NULL, true);
        level(x, 2, "decimal", s == GK_NUMSTYLE_DOT ? "%3." : "%3、", ps ? ps[2] : NULL, true);
        level(x, 3, "decimal", "（%4）", ps ? ps[3] : NULL, true);
        gk_xml_end(x);
    }
    static const struct { const char *fmt, *text; } lists[] = {
        [GK_NUM_NONE] = {"none", ""},
        [GK_NUM_CN_COMMA] = {"chineseCounting", "%1、"},
        [GK_NUM_CN_PAREN] = {"chineseCounting", "（%1）"},
        [GK_NUM_ARABIC_COMMA] = {"decimal", "%1、"},
        [GK_NUM_ARABIC_DOT] = {"decimal", "%1."},
        [GK_NUM_ARABIC_PAREN] = {"decimal", "（%1）"},
    };
    for (int cell = 0; cell < 2; cell++) {
        for (int k = 0; k < (int)(sizeof lists / sizeof lists[0]); k++) {
            abstract_start(x, (cell ? ABSTRACT_CELL_LISTS : ABSTRACT_LISTS) + k, "singleLevel");
            level(x, 0, lists[k].fmt, lists[k].text, NULL, !cell);
            gk_xml_end(x);
        }
    }
    for (int i = 0; i < n->count; i++) {
        const gk_num_instance *in = &n->inst[i];
        gk_xml_start(x, "w:num");
        gk_xml_attr_int(x, "w:numId", i + 1);
        gk_xml_val(x, "w:abstractNumId", in->abstract);
        if (in->level >= 0) {
            gk_xml_start(x, "w:lvlOverride");
            gk_xml_attr_int(x, "w:ilvl", in->level);
            gk_xml_val(x, "w:startOverride", in->start);
            gk_xml_end(x);
        }
        gk_xml_end(x);
    }
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
