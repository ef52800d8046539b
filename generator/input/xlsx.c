/* The XLSX reader (xlsx.h): libzip opens the package from memory, libxml2's
 * xmlReader streams each part straight out of the zip, so memory stays
 * bounded by what is kept (the shared strings, one row, the value tree),
 * never by the size a part claims or inflates to. Every part is read with
 * XML_PARSE_NONET and without DTD loading or entity substitution, and a part
 * that has a DOCTYPE at all is refused: no external entity is fetched and no
 * entity is expanded. Numbers stay the text of the cell. */
#include "xlsx.h"
#include "diag.h"

#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_SHARED 1000000u /* shared strings: more is no clerk's workbook */
#define XF_DATE 1u
#define XF_TEXT 2u

typedef struct cell {
    unsigned col;
    char kind; /* 's' text or number, 'b' boolean, 'd' date, 'e' error, 'f' formula without a value */
    const char *s;
    size_t len;
    bool text; /* stored as text (a shared or inline string) in a cell not formatted as text */
} cell;

/* C_REFUSED: row 2 names no field we know; said once there, so its values are not refused again */
typedef enum colkind { C_NONE, C_NOTE, C_KV_PATH, C_KV_VALUE, C_INDEX, C_FIELD, C_ITEM, C_REFUSED } colkind;

typedef struct column {
    colkind kind;
    const char *path; /* C_INDEX: the list's path without '#'; otherwise the whole path */
    unsigned depth;   /* number of "[]" segments (C_INDEX: of the list itself, counting it) */
} column;

typedef struct rowctx { /* the element a row has chosen for a list, e.g. "projects[]" → projects/3 */
    const char *key;
    size_t len;
    gk_value *elem;
} rowctx;

typedef struct reader {
    const char *name;
    gk_arena *a;
    gk_diags *diags;
    zip_t *zip;
    size_t total; /* uncompressed bytes read from all parts */
    const char **sst;
    size_t *sst_len, nsst, sst_cap;
    unsigned char *xf_date; /* per cell style: XF_DATE formatted as a date, XF_TEXT as text (@) */
    size_t nxf;
    unsigned custom_date[256]; /* numFmtIds of custom date formats */
    size_t ncustom;
    unsigned custom_text[16]; /* numFmtIds of custom formats "@" (LibreOffice saves the text format so) */
    size_t ncustom_text;
    bool date1904;
    gk_xlsx_book *book;
    gk_value *root;
    /* the sheet being read */
    unsigned sheet;
    column *cols;
    unsigned ncols;
    const cell *labels; /* row 1 */
    size_t nlabels;
    bool have_paths, no_paths, kv;
    cell *row;
    size_t nrow, rowcap;
    gk_buf text;
} reader;

typedef struct part {
    reader *r;
    const char *pname;
    zip_file_t *f;
    size_t read;
    bool over;
    bool failed; /* a diagnostic was given */
    char err[256];
    xmlTextReaderPtr x;
} part;

static void fail_at(reader *r, unsigned line, unsigned col, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void fail_at(reader *r, unsigned line, unsigned col, const char *code, const char *fmt, ...)
{
    gk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gk_diag_add(r->diags, GK_ERROR, code, r->name, line, col, "", "%s", gk_buf_str(&msg));
    gk_buf_free(&msg);
}

#define FAIL(r, code, ...) fail_at(r, 0, 0, code, __VA_ARGS__)
#define CELL_FAIL(r, row, col, code, ...) fail_at(r, GK_XLSX_LINE((r)->sheet, row), col, code, __VA_ARGS__)

/* ---- positions ---- */

void gk_xlsx_col_name(unsigned col, gk_buf *out)
{
    char s[8];
    int n = 0;
    for (; col > 0 && n < 7; col = (col - 1) / 26) s[n++] = (char)('A' + (col - 1) % 26);
    while (n > 0) gk_buf_putc(out, s[--n]);
}

bool gk_xlsx_place(const gk_xlsx_book *book, unsigned line, unsigned col, gk_buf *out)
{
    unsigned sheet = line >> GK_XLSX_ROW_BITS, row = line & ((1u << GK_XLSX_ROW_BITS) - 1);
    if (!book || sheet == 0 || sheet > book->count) return false;
    gk_buf_printf(out, "%s!", book->sheets[sheet - 1]);
    if (col) gk_xlsx_col_name(col, out);
    else gk_buf_putc(out, 'A');
    gk_buf_printf(out, "%u", row ? row : 1);
    return true;
}

/* "B12" → column 2, row 12; false unless the whole text is a reference */
static bool parse_ref(const char *s, unsigned *col, unsigned *row)
{
    unsigned c = 0, r = 0;
    size_t i = 0;
    for (; s[i] >= 'A' && s[i] <= 'Z' && i < 4; i++) c = c * 26 + (unsigned)(s[i] - 'A' + 1);
    if (i == 0) return false;
    size_t j = i;
    for (; s[j] >= '0' && s[j] <= '9' && j - i < 8; j++) r = r * 10 + (unsigned)(s[j] - '0');
    if (j == i || s[j] || r == 0) return false;
    *col = c;
    *row = r;
    return true;
}

/* ---- reading parts ---- */

static int part_read(void *ctx, char *buf, int len)
{
    part *p = ctx;
    zip_int64_t n = zip_fread(p->f, buf, (zip_uint64_t)len);
    if (n < 0) return -1;
    p->read += (size_t)n;
    p->r->total += (size_t)n;
    if (p->read > GK_XLSX_MAX_PART || p->r->total > GK_XLSX_MAX_TOTAL) {
        p->over = true;
        return -1;
    }
    return (int)n;
}

static int part_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void part_error(void *ctx, const xmlError *e)
{
    part *p = ctx;
    if (!p->err[0] && e && e->message) {
        snprintf(p->err, sizeof p->err, "line %d: %s", e->line, e->message);
        size_t n = strlen(p->err);
        while (n && (p->err[n - 1] == '\n' || p->err[n - 1] == ' ')) p->err[--n] = '\0';
    }
}

static void part_error_cb(void *ctx, xmlErrorPtr e) { part_error(ctx, e); }

/* Opens a part for streaming; false when it is missing (no diagnostic:
 * the caller says whether that matters) or cannot be opened (diagnostic). */
static bool part_open(reader *r, const char *pname, part *p)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->pname = pname;
    zip_int64_t i = zip_name_locate(r->zip, pname, 0);
    if (i < 0) return false;
    p->f = zip_fopen_index(r->zip, (zip_uint64_t)i, 0);
    if (!p->f) {
        FAIL(r, "bad-xlsx", "cannot read the part %s of the workbook: %s", pname, zip_strerror(r->zip));
        p->failed = true;
        return false;
    }
    p->x = xmlReaderForIO(part_read, part_close, p, pname, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (!p->x) {
        zip_fclose(p->f);
        p->f = NULL;
        FAIL(r, "nomem", "out of memory reading %s", pname);
        p->failed = true;
        return false;
    }
    xmlTextReaderSetStructuredErrorHandler(p->x, part_error_cb, p);
    return true;
}

static void part_close_all(part *p)
{
    if (p->x) xmlFreeTextReader(p->x);
    if (p->f) zip_fclose(p->f);
    p->x = NULL;
    p->f = NULL;
}

/* The next node's type, 0 at the end, -1 after an error (diagnosed). A DTD
 * or an entity reference stops the part: nothing is resolved. */
static int part_next(part *p)
{
    int rc = xmlTextReaderRead(p->x);
    if (rc == 1) {
        int t = xmlTextReaderNodeType(p->x);
        if (t == XML_READER_TYPE_DOCUMENT_TYPE || t == XML_READER_TYPE_ENTITY ||
            t == XML_READER_TYPE_ENTITY_REFERENCE) {
            FAIL(p->r, "xlsx-dtd",
                 "the part %s has a document type declaration or an entity: refused (no DTD or entity is read)",
                 p->pname);
            p->failed = true;
            return -1;
        }
        return t;
    }
    if (rc == 0) return 0;
    if (p->over)
        FAIL(p->r, "too-large",
             "the part %s unpacks to more than %u MiB (or the workbook to more than %u MiB): refused", p->pname,
             GK_XLSX_MAX_PART >> 20, GK_XLSX_MAX_TOTAL >> 20);
    else
        FAIL(p->r, "bad-xlsx", "the part %s is not well-formed XML (%s)", p->pname, p->err[0] ? p->err : "read error");
    p->failed = true;
    return -1;
}

static bool is_elem(part *p, const char *local)
{
    return xmlTextReaderNodeType(p->x) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(p->x), local) == 0;
}

static bool is_end(part *p, const char *local)
{
    return xmlTextReaderNodeType(p->x) == XML_READER_TYPE_END_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(p->x), local) == 0;
}

/* An attribute as an arena string, or NULL. */
static char *attr(part *p, const char *name, const char *ns)
{
    xmlChar *v = ns ? xmlTextReaderGetAttributeNs(p->x, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlTextReaderGetAttribute(p->x, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = gk_arena_strndup(p->r->a, (const char *)v, strlen((const char *)v));
    xmlFree(v);
    return s;
}

/* Collects the text of the element at the cursor (of its <t> children,
 * phonetic runs <rPh> left out) into r->text; the cursor ends on its end. */
static int collect_text(part *p, const char *end)
{
    reader *r = p->r;
    gk_buf_truncate(&r->text, 0);
    if (xmlTextReaderIsEmptyElement(p->x)) return 1;
    int in_t = 0, in_rph = 0, t;
    while ((t = part_next(p)) > 0) {
        if (is_end(p, end)) return 1;
        if (is_elem(p, "rPh") && !xmlTextReaderIsEmptyElement(p->x)) in_rph++;
        else if (is_end(p, "rPh")) in_rph--;
        else if (is_elem(p, "t") && !xmlTextReaderIsEmptyElement(p->x)) in_t++;
        else if (is_end(p, "t")) in_t--;
        else if ((t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                  t == XML_READER_TYPE_WHITESPACE) && in_t > 0 && in_rph == 0) {
            const char *s = (const char *)xmlTextReaderConstValue(p->x);
            if (r->text.len <= GK_MAX_TEXT) gk_buf_puts(&r->text, s ? s : "");
        }
    }
    return t;
}

/* ---- workbook, relationships, shared strings, styles ---- */

typedef struct sheetref {
    const char *name, *rid, *target;
} sheetref;

static bool read_workbook(reader *r, sheetref **out, unsigned *n)
{
    part p;
    if (!part_open(r, "xl/workbook.xml", &p)) {
        if (!p.failed)
            FAIL(r, "bad-xlsx", "the workbook has no part xl/workbook.xml: it is not an Excel workbook (.xlsx)");
        return false;
    }
    sheetref *v = gk_arena_alloc(r->a, GK_XLSX_MAX_SHEETS * sizeof *v);
    unsigned count = 0;
    int t;
    while (v && (t = part_next(&p)) > 0) {
        if (is_elem(&p, "workbookPr")) {
            char *d = attr(&p, "date1904", NULL);
            r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        } else if (is_elem(&p, "sheet")) {
            if (count == GK_XLSX_MAX_SHEETS) {
                FAIL(r, "too-large", "the workbook has more than %u sheets", GK_XLSX_MAX_SHEETS);
                p.failed = true;
                break;
            }
            v[count].name = attr(&p, "name", NULL);
            v[count].rid = attr(&p, "id", REL_NS);
            v[count].target = NULL;
            if (v[count].name && v[count].rid) count++;
        }
    }
    bool ok = v && !p.failed;
    part_close_all(&p);
    *out = v;
    *n = count;
    return ok;
}

static bool read_rels(reader *r, sheetref *v, unsigned n)
{
    part p;
    if (!part_open(r, "xl/_rels/workbook.xml.rels", &p)) {
        if (!p.failed) FAIL(r, "bad-xlsx", "the workbook has no part xl/_rels/workbook.xml.rels: it is damaged");
        return false;
    }
    int t;
    while ((t = part_next(&p)) > 0) {
        if (!is_elem(&p, "Relationship")) continue;
        char *id = attr(&p, "Id", NULL), *target = attr(&p, "Target", NULL);
        if (!id || !target) continue;
        for (unsigned i = 0; i < n; i++) {
            if (strcmp(v[i].rid, id) != 0) continue;
            gk_buf full = {0};
            if (target[0] == '/') gk_buf_puts(&full, target + 1);
            else gk_buf_printf(&full, "xl/%s", target);
            v[i].target = gk_arena_strndup(r->a, gk_buf_str(&full), full.len);
            gk_buf_free(&full);
        }
    }
    bool ok = !p.failed;
    part_close_all(&p);
    return ok;
}

static bool read_shared(reader *r)
{
    part p;
    if (!part_open(r, "xl/sharedStrings.xml", &p)) return !p.failed; /* optional */
    int t;
    while ((t = part_next(&p)) > 0) {
        if (!is_elem(&p, "si")) continue;
        if (collect_text(&p, "si") <= 0) break;
        if (r->nsst == r->sst_cap) {
            if (r->nsst == MAX_SHARED) {
                FAIL(r, "too-large", "the workbook has more than %u shared strings", MAX_SHARED);
                p.failed = true;
                break;
            }
            size_t cap = r->sst_cap ? r->sst_cap * 2 : 256;
            const char **s = realloc(r->sst, cap * sizeof *s);
            if (s) r->sst = s;
            size_t *l = s ? realloc(r->sst_len, cap * sizeof *l) : NULL;
            if (l) r->sst_len = l;
            if (!s || !l) {
                FAIL(r, "nomem", "out of memory reading the shared strings");
                p.failed = true;
                break;
            }
            r->sst_cap = cap;
        }
        r->sst_len[r->nsst] = r->text.len;
        r->sst[r->nsst++] = gk_arena_strndup(r->a, gk_buf_str(&r->text), r->text.len);
    }
    bool ok = !p.failed;
    part_close_all(&p);
    return ok;
}

/* Does a number format show a date (or a time)? Letters in quotes, after a
 * backslash or in brackets ([Red], [$-804]) do not count. */
static bool date_code(const char *code)
{
    for (const char *s = code; *s; s++) {
        if (*s == '"') { s = strchr(s + 1, '"'); if (!s) return false; }
        else if (*s == '\\' && s[1]) s++;
        else if (*s == '[') { s = strchr(s, ']'); if (!s) return false; }
        else if (strchr("yYmMdDhHsS", *s)) return true;
    }
    return false;
}

static bool builtin_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static bool read_styles(reader *r)
{
    part p;
    if (!part_open(r, "xl/styles.xml", &p)) return !p.failed;
    int t, in_xfs = 0;
    size_t cap = 0;
    while ((t = part_next(&p)) > 0) {
        if (is_elem(&p, "numFmt")) {
            char *id = attr(&p, "numFmtId", NULL), *code = attr(&p, "formatCode", NULL);
            if (id && code && date_code(code) && r->ncustom < sizeof r->custom_date / sizeof r->custom_date[0])
                r->custom_date[r->ncustom++] = (unsigned)strtoul(id, NULL, 10);
            else if (id && code && strcmp(code, "@") == 0 &&
                     r->ncustom_text < sizeof r->custom_text / sizeof r->custom_text[0])
                r->custom_text[r->ncustom_text++] = (unsigned)strtoul(id, NULL, 10);
        } else if (is_elem(&p, "cellXfs")) in_xfs = !xmlTextReaderIsEmptyElement(p.x);
        else if (is_end(&p, "cellXfs")) in_xfs = 0;
        else if (in_xfs && is_elem(&p, "xf")) {
            if (r->nxf == cap) {
                if (cap >= 65536) break; /* more styles than Excel allows: the rest count as not dates */
                cap = cap ? cap * 2 : 64;
                unsigned char *x = realloc(r->xf_date, cap);
                if (!x) {
                    FAIL(r, "nomem", "out of memory reading the styles");
                    p.failed = true;
                    break;
                }
                r->xf_date = x;
            }
            char *id = attr(&p, "numFmtId", NULL);
            unsigned n = id ? (unsigned)strtoul(id, NULL, 10) : 0;
            bool d = builtin_date(n);
            for (size_t i = 0; i < r->ncustom && !d; i++) d = r->custom_date[i] == n;
            bool text = n == 49; /* the built-in "@" */
            for (size_t i = 0; i < r->ncustom_text && !text; i++) text = r->custom_text[i] == n;
            r->xf_date[r->nxf++] = (unsigned char)((d ? XF_DATE : 0) | (text ? XF_TEXT : 0));
        }
    }
    bool ok = !p.failed;
    part_close_all(&p);
    return ok;
}

/* ---- cell values ---- */

/* A number cell holds the shortest text of a binary double, which for
 * 89.4 typed by a clerk may be 89.400000000000006 (17 digits, as
 * libxlsxwriter and some Excel versions store it). Excel shows, and
 * computes with, 15 significant digits: the text is rounded to those, digit
 * by digit (never through a double), so the figure is the one the clerk saw. */
static const char *fifteen_digits(reader *r, const char *s, size_t *len)
{
    size_t sig = 0, first = (size_t)-1;
    for (size_t i = 0; i < *len; i++) {
        if (s[i] < '0' || s[i] > '9') continue;
        if (first == (size_t)-1 && s[i] == '0') continue;
        if (first == (size_t)-1) first = i;
        sig++;
    }
    if (sig <= 15) return s;
    char *t = gk_arena_strndup(r->a, s, *len);
    if (!t) return s;
    size_t i = first, kept = 0, cut = *len;
    for (; i < *len; i++) {
        if (t[i] < '0' || t[i] > '9') continue;
        if (kept++ == 15) { cut = i; break; }
    }
    bool up = t[cut] >= '5';
    for (size_t k = cut; k < *len; k++) /* the dropped digits: zeros before the point, gone after it */
        if (t[k] >= '0' && t[k] <= '9') t[k] = '0';
    for (size_t k = cut; up && k-- > 0;) {
        if (t[k] == '.' || t[k] == '-') continue;
        if (t[k] == '9') t[k] = '0';
        else { t[k]++; up = false; }
    }
    gk_buf out = {0};
    if (up) gk_buf_puts(&out, t[0] == '-' ? "-1" : "1"); /* 999…9 rounded up */
    gk_buf_puts(&out, up && t[0] == '-' ? t + 1 : t);
    char *res = (char *)gk_buf_str(&out);
    char *dot = strchr(res, '.');
    if (dot) { /* no trailing zeros after the point */
        size_t n = out.len;
        while (n > (size_t)(dot - res) + 1 && res[n - 1] == '0') n--;
        if (res[n - 1] == '.') n--;
        gk_buf_truncate(&out, n);
    }
    const char *kept_text = gk_arena_strndup(r->a, gk_buf_str(&out), out.len);
    if (kept_text) *len = out.len;
    gk_buf_free(&out);
    return kept_text ? kept_text : s;
}

/* Excel writes 1E-3 and 1.5E+20: the same number as plain decimal text,
 * by moving the point in the digits (exact; never a double). */
static const char *plain_number(reader *r, const char *s, size_t *len)
{
    const char *e = memchr(s, 'E', *len);
    if (!e) e = memchr(s, 'e', *len);
    if (!e) return fifteen_digits(r, s, len);
    long exp = strtol(e + 1, NULL, 10);
    if (exp > 40 || exp < -40) return s;
    gk_buf digits = {0}, out = {0};
    bool neg = s[0] == '-';
    long point = -1;
    for (const char *q = s + (neg || s[0] == '+'); q < e; q++) {
        if (*q == '.') point = (long)digits.len;
        else if (*q >= '0' && *q <= '9') gk_buf_putc(&digits, *q);
        else { gk_buf_free(&digits); return s; }
    }
    if (point < 0) point = (long)digits.len;
    point += exp;
    const char *d = gk_buf_str(&digits);
    long nd = (long)digits.len;
    if (neg) gk_buf_putc(&out, '-');
    if (point <= 0) {
        gk_buf_puts(&out, "0.");
        for (long i = point; i < 0; i++) gk_buf_putc(&out, '0');
        gk_buf_append(&out, d, (size_t)nd);
    } else if (point >= nd) {
        gk_buf_append(&out, d, (size_t)nd);
        for (long i = nd; i < point; i++) gk_buf_putc(&out, '0');
    } else {
        gk_buf_append(&out, d, (size_t)point);
        gk_buf_putc(&out, '.');
        gk_buf_append(&out, d + point, (size_t)(nd - point));
    }
    const char *res = gk_arena_strndup(r->a, gk_buf_str(&out), out.len);
    size_t n = out.len;
    gk_buf_free(&digits);
    gk_buf_free(&out);
    if (!res) return s;
    *len = n;
    return fifteen_digits(r, res, len);
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

/* A date cell's serial number → "YYYY-MM-DD", or NULL (with the reason). */
static const char *serial_date(reader *r, const char *s, const char **why)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*end == '.') {
        for (end++; *end == '0'; end++) {}
    }
    if (*end || end == s) { *why = "it has a time of day or is not a whole day"; return NULL; }
    if (n < 1 || n > 2958465) { *why = "its serial number is not a day between 1900 and 9999"; return NULL; }
    long days; /* since 1970-01-01 */
    if (r->date1904) days = n - 24107;
    else if (n == 60) { *why = "it is 29 February 1900, a day that did not exist"; return NULL; }
    else days = n < 60 ? n - 25568 : n - 25569;
    long y;
    unsigned m, d;
    civil(days, &y, &m, &d);
    char buf[32]; /* y is at most 9999, but the compiler cannot know */
    snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
    return gk_arena_strndup(r->a, buf, strlen(buf));
}

/* Turns a cell into a value (NULL when it has none or is refused, with a
 * diagnostic for the refused). */
static gk_value *cell_value(reader *r, unsigned row, const cell *c)
{
    unsigned line = GK_XLSX_LINE(r->sheet, row);
    gk_value *v = NULL;
    switch (c->kind) {
    case 'f':
        v = gk_value_new(r->a, GK_V_NULL, line, c->col);
        if (v) v->refused = true; /* said here: the loader neither loads it nor misses it */
        CELL_FAIL(r, row, c->col, "xlsx-formula",
                  "a formula without a stored result (=%s); type the figure, or open and save the workbook in "
                  "Excel, WPS or LibreOffice so that its result is stored", c->s);
        return v;
    case 'e':
        v = gk_value_new(r->a, GK_V_NULL, line, c->col);
        if (v) v->refused = true;
        CELL_FAIL(r, row, c->col, "xlsx-error", "the cell holds the error value %s; correct its formula or type the figure",
                  c->s);
        return v;
    case 'b':
        v = gk_value_new(r->a, GK_V_BOOL, line, c->col);
        if (v) v->as.boolean = strcmp(c->s, "1") == 0 || strcmp(c->s, "true") == 0;
        return v;
    default:
        v = gk_value_new(r->a, GK_V_STRING, line, c->col);
        if (!v) return NULL;
        v->as.str.s = c->s;
        v->as.str.len = c->len;
        /* a boolean in a text-formatted cell is saved as the text TRUE or FALSE (LibreOffice does) */
        if (c->kind == 's' && strcmp(c->s, "TRUE") == 0) v->as.str.s = "true";
        else if (c->kind == 's' && strcmp(c->s, "FALSE") == 0) v->as.str.s = "false";
        v->untyped = c->kind == 's';
        v->date_cell = c->kind == 'd';
        v->text_cell = c->text;
        return v;
    }
}

/* ---- paths and the tree ---- */

static bool key_char(char ch) { return ch && !strchr(".[]#@ ", ch); }

/* Is `s` a path this reader knows (see xlsx.h)? Sets the column's kind. */
static bool parse_column(const char *s, column *c)
{
    c->path = s;
    c->depth = 0;
    if (strcmp(s, "@path") == 0) { c->kind = C_KV_PATH; return true; }
    if (strcmp(s, "@value") == 0) { c->kind = C_KV_VALUE; return true; }
    if (s[0] == '@') { c->kind = C_NOTE; return true; }
    size_t n = strlen(s);
    bool index = n > 0 && s[n - 1] == '#';
    size_t end = index ? n - 1 : n, i = 0;
    bool item = false;
    while (i < end) {
        size_t k = i;
        if (s[i] == '$') i++;
        while (i < end && key_char(s[i])) i++;
        if (i == k) return false;
        item = false;
        if (i + 1 < end + 1 && s[i] == '[' && i + 1 < end && s[i + 1] == ']') { c->depth++; i += 2; item = true; }
        if (i == end) break;
        if (s[i] != '.') return false;
        i++;
        if (i == end) return false;
    }
    if (end == 0) return false;
    if (index) {
        if (item) return false; /* "projects[]#" */
        c->kind = C_INDEX;
        c->path = s; /* compared without its '#' */
        c->depth++;
    } else c->kind = item ? C_ITEM : C_FIELD;
    return true;
}

static const char *what_is(const gk_value *v)
{
    return v->type == GK_V_ARRAY ? "a list" : v->type == GK_V_OBJECT ? "a group of fields" : "a single value";
}

static gk_value *member_of(reader *r, unsigned row, const cell *c, gk_value *obj, const char *key, size_t klen,
                           gk_vtype type, const char *path)
{
    char *k = gk_arena_strndup(r->a, key, klen);
    if (!k) return NULL;
    gk_member *m = gk_value_get(obj, k);
    if (m) {
        if (m->value->type == type) return m->value;
        CELL_FAIL(r, row, c->col, "xlsx-column", "the column %s needs %.*s to be %s, but another column made it %s",
                  path, (int)klen, key, type == GK_V_ARRAY ? "a list" : "a group of fields", what_is(m->value));
        return NULL;
    }
    gk_value *v = gk_value_new(r->a, type, GK_XLSX_LINE(r->sheet, row), c->col);
    if (!v || !gk_value_set(r->a, obj, k, v->line, v->col, v)) return NULL;
    return v;
}

static gk_value *new_elem(reader *r, unsigned row, const cell *c, gk_value *arr, const char *path)
{
    if (arr->as.array.count >= GK_MAX_ITEMS) {
        CELL_FAIL(r, row, c->col, "too-large", "more than %u rows for %s", GK_MAX_ITEMS, path);
        return NULL;
    }
    gk_value *e = gk_value_new(r->a, GK_V_OBJECT, GK_XLSX_LINE(r->sheet, row), c->col);
    if (!e || !gk_value_push(r->a, arr, e)) return NULL;
    return e;
}

/* Walks path[0..len) from the root, choosing or making the row's elements,
 * and returns the object holding the last segment (whose key is returned in
 * *last, *lastlen; *last_item tells "key[]"). NULL with a diagnostic. */
static gk_value *walk(reader *r, unsigned row, const cell *c, const char *path, size_t len, rowctx *ctx, size_t *nctx,
                      const char **last, size_t *lastlen, bool *last_item)
{
    gk_value *cur = r->root;
    size_t i = 0;
    for (;;) {
        size_t k = i;
        while (i < len && path[i] != '.' && path[i] != '[') i++;
        bool item = i + 1 < len + 1 && i < len && path[i] == '[';
        size_t kend = i;
        if (item) i += 2;
        if (i >= len) {
            *last = path + k;
            *lastlen = kend - k;
            *last_item = item;
            return cur;
        }
        i++; /* '.' */
        if (!item) {
            cur = member_of(r, row, c, cur, path + k, kend - k, GK_V_OBJECT, path);
            if (!cur) return NULL;
            continue;
        }
        size_t j = 0;
        while (j < *nctx && !(ctx[j].len == i - 1 && memcmp(ctx[j].key, path, i - 1) == 0)) j++;
        if (j < *nctx) { cur = ctx[j].elem; continue; }
        gk_value *arr = member_of(r, row, c, cur, path + k, kend - k, GK_V_ARRAY, path);
        gk_value *e = arr ? new_elem(r, row, c, arr, path) : NULL;
        if (!e) return NULL;
        if (*nctx < 16) ctx[(*nctx)++] = (rowctx){path, i - 1, e};
        cur = e;
    }
}

/* An index cell: the row belongs to element n of the list. */
static void choose(reader *r, unsigned row, const cell *c, const column *col, rowctx *ctx, size_t *nctx)
{
    size_t plen = strlen(col->path) - 1; /* without '#' */
    char *end;
    unsigned long n = strtoul(c->s, &end, 10);
    if (c->kind != 's' || *end || end == c->s || n == 0 || n > GK_MAX_ITEMS) {
        CELL_FAIL(r, row, c->col, "xlsx-index", "the number of a row of %.*s is expected here (1, 2, 3 …), found \"%s\"",
                  (int)plen, col->path, c->s);
        return;
    }
    const char *last;
    size_t lastlen;
    bool item;
    gk_value *obj = walk(r, row, c, col->path, plen, ctx, nctx, &last, &lastlen, &item);
    gk_value *arr = obj ? member_of(r, row, c, obj, last, lastlen, GK_V_ARRAY, col->path) : NULL;
    if (!arr) return;
    gk_value *e;
    if (n <= arr->as.array.count) e = arr->as.array.items[n - 1];
    else if (n == arr->as.array.count + 1) e = new_elem(r, row, c, arr, col->path);
    else {
        CELL_FAIL(r, row, c->col, "xlsx-index", "row %lu of %.*s is named here, but there are only %zu so far; number them "
                  "1, 2, 3 … in order", n, (int)plen, col->path, arr->as.array.count);
        return;
    }
    if (e && *nctx < 16) {
        char *key = gk_arena_alloc(r->a, plen + 3);
        if (!key) return;
        memcpy(key, col->path, plen);
        memcpy(key + plen, "[]", 3);
        ctx[(*nctx)++] = (rowctx){key, plen + 2, e};
    }
}

/* Puts one value at `path` (a field or a list item). */
static void put(reader *r, unsigned row, const cell *c, const char *path, gk_value *v, rowctx *ctx, size_t *nctx)
{
    const char *last;
    size_t lastlen;
    bool item;
    gk_value *obj = walk(r, row, c, path, strlen(path), ctx, nctx, &last, &lastlen, &item);
    if (!obj || !v) return;
    if (item) {
        gk_value *arr = member_of(r, row, c, obj, last, lastlen, GK_V_ARRAY, path);
        if (!arr) return;
        if (arr->as.array.count >= GK_MAX_ITEMS) {
            CELL_FAIL(r, row, c->col, "too-large", "more than %u rows for %s", GK_MAX_ITEMS, path);
            return;
        }
        gk_value_push(r->a, arr, v);
        return;
    }
    char *k = gk_arena_strndup(r->a, last, lastlen);
    gk_member *m = k ? gk_value_get(obj, k) : NULL;
    if (m) {
        gk_buf at = {0};
        gk_xlsx_place(r->book, m->line, m->col, &at);
        CELL_FAIL(r, row, c->col, "duplicate", "%s is given twice: here and at %s", path, gk_buf_str(&at));
        gk_buf_free(&at);
        return;
    }
    if (k) gk_value_set(r->a, obj, k, v->line, v->col, v);
}

static const cell *find_cell(const cell *cells, size_t n, unsigned col)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].col == col) return &cells[i];
    return NULL;
}

/* The same text as row 1 or row 2 in every filled cell (two at least): a
 * header row pasted again. */
static bool second_header(reader *r)
{
    size_t same_label = 0, same_path = 0;
    for (size_t i = 0; i < r->nrow; i++) {
        const cell *c = &r->row[i];
        const cell *l = find_cell(r->labels, r->nlabels, c->col);
        if (l && l->len == c->len && memcmp(l->s, c->s, c->len) == 0) same_label++;
        if (c->col <= r->ncols && r->cols[c->col - 1].kind != C_NONE &&
            r->cols[c->col - 1].kind != C_REFUSED && strcmp(r->cols[c->col - 1].path, c->s) == 0)
            same_path++;
    }
    return r->nrow >= 2 && (same_label == r->nrow || same_path == r->nrow);
}

static void data_row(reader *r, unsigned row)
{
    if (second_header(r)) {
        CELL_FAIL(r, row, r->row[0].col, "xlsx-header",
                  "a second header row (the column titles again); delete this row: the titles are in rows 1 and 2");
        return;
    }
    rowctx ctx[16];
    size_t nctx = 0;
    if (r->kv) {
        const cell *pc = NULL, *vc = NULL;
        for (size_t i = 0; i < r->nrow; i++) {
            unsigned k = r->row[i].col;
            colkind kind = k <= r->ncols ? r->cols[k - 1].kind : C_NONE;
            if (kind == C_KV_PATH) pc = &r->row[i];
            else if (kind == C_KV_VALUE) vc = &r->row[i];
        }
        if (!vc) return;
        column col;
        if (!pc || !parse_column(pc->s, &col) || col.kind != C_FIELD) {
            CELL_FAIL(r, row, pc ? pc->col : vc->col, "xlsx-column",
                      "this row has a value but no field name (such as department.name) in its 字段 column%s%s%s",
                      pc ? ": \"" : "", pc ? pc->s : "", pc ? "\" is not one" : "");
            return;
        }
        put(r, row, vc, pc->s, cell_value(r, row, vc), ctx, &nctx);
        return;
    }
    /* parent keys first, outer lists before inner ones */
    for (unsigned depth = 1; depth <= 8; depth++)
        for (size_t i = 0; i < r->nrow; i++) {
            const cell *c = &r->row[i];
            const column *col = c->col <= r->ncols ? &r->cols[c->col - 1] : NULL;
            if (col && col->kind == C_INDEX && col->depth == depth) choose(r, row, c, col, ctx, &nctx);
        }
    for (size_t i = 0; i < r->nrow; i++) {
        const cell *c = &r->row[i];
        const column *col = c->col <= r->ncols ? &r->cols[c->col - 1] : NULL;
        if (!col || col->kind == C_NONE) {
            gk_buf name = {0};
            gk_xlsx_col_name(c->col, &name);
            CELL_FAIL(r, row, c->col, "xlsx-column", "a value in column %s, which has no field name in row 2",
                      gk_buf_str(&name));
            gk_buf_free(&name);
        } else if (col->kind == C_FIELD || col->kind == C_ITEM) {
            put(r, row, c, col->path, cell_value(r, row, c), ctx, &nctx);
        }
    }
    /* an empty cell of a list of scalars in a filled row is a null item (a 资金支出计划 left blank) */
    for (unsigned k = 1; k <= r->ncols; k++) {
        if (r->cols[k - 1].kind != C_ITEM || find_cell(r->row, r->nrow, k)) continue;
        cell blank = {k, 'n', "", 0};
        gk_value *v = gk_value_new(r->a, GK_V_NULL, GK_XLSX_LINE(r->sheet, row), k);
        put(r, row, &blank, r->cols[k - 1].path, v, ctx, &nctx);
    }
}

static void path_row(reader *r, unsigned row)
{
    unsigned max = 0;
    for (size_t i = 0; i < r->nrow; i++)
        if (r->row[i].col > max) max = r->row[i].col;
    r->cols = gk_arena_alloc(r->a, (max + 1) * sizeof *r->cols);
    if (!r->cols) return;
    memset(r->cols, 0, (max + 1) * sizeof *r->cols);
    r->ncols = max;
    r->have_paths = true;
    for (size_t i = 0; i < r->nrow; i++) {
        const cell *c = &r->row[i];
        column *col = &r->cols[c->col - 1];
        if (c->len == 0) continue;
        if (c->kind != 's' || !parse_column(c->s, col)) {
            col->kind = C_REFUSED;
            CELL_FAIL(r, row, c->col, "xlsx-column",
                      "unknown column \"%s\": row 2 holds the field names (such as projects[].name) that say where "
                      "a column's values go; restore it from a fresh workbook (gongkai workbook)", c->s);
            continue;
        }
        if (col->kind == C_KV_PATH || col->kind == C_KV_VALUE) r->kv = true;
    }
}

static void labels_row(reader *r)
{
    cell *copy = gk_arena_alloc(r->a, (r->nrow + 1) * sizeof *copy);
    if (!copy) return;
    memcpy(copy, r->row, r->nrow * sizeof *copy);
    r->labels = copy;
    r->nlabels = r->nrow;
}

/* ---- a sheet ---- */

static bool push_cell(reader *r, const cell *c)
{
    if (r->nrow == r->rowcap) {
        size_t cap = r->rowcap ? r->rowcap * 2 : 32;
        cell *v = realloc(r->row, cap * sizeof *v);
        if (!v) return false;
        r->row = v;
        r->rowcap = cap;
    }
    r->row[r->nrow++] = *c;
    return true;
}

/* Reads one <c> at the cursor into a cell; false on a part error. */
static bool read_cell(part *p, unsigned row, unsigned *next_col, bool *keep)
{
    reader *r = p->r;
    char *ref = attr(p, "r", NULL), *t = attr(p, "t", NULL), *s = attr(p, "s", NULL);
    unsigned col = *next_col, rrow = row;
    if (ref && !parse_ref(ref, &col, &rrow)) col = *next_col;
    *next_col = col + 1;
    *keep = false;
    cell c = {col, 's', "", 0, false};
    bool formula = false, value = false;
    const char *ftext = "";
    if (!xmlTextReaderIsEmptyElement(p->x)) {
        int ty;
        while ((ty = part_next(p)) > 0) {
            if (is_end(p, "c")) break;
            if (is_elem(p, "f")) {
                formula = true;
                gk_buf_truncate(&r->text, 0);
                if (!xmlTextReaderIsEmptyElement(p->x)) {
                    while ((ty = part_next(p)) > 0 && !is_end(p, "f"))
                        if (ty == XML_READER_TYPE_TEXT && r->text.len < 200)
                            gk_buf_puts(&r->text, (const char *)xmlTextReaderConstValue(p->x));
                    if (ty <= 0) return false;
                }
                ftext = gk_arena_strndup(r->a, gk_buf_str(&r->text), r->text.len);
            } else if (is_elem(p, "v")) {
                value = true;
                gk_buf_truncate(&r->text, 0);
                if (!xmlTextReaderIsEmptyElement(p->x)) {
                    while ((ty = part_next(p)) > 0 && !is_end(p, "v"))
                        if (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
                            gk_buf_puts(&r->text, (const char *)xmlTextReaderConstValue(p->x));
                    if (ty <= 0) return false;
                }
                c.s = gk_arena_strndup(r->a, gk_buf_str(&r->text), r->text.len);
                c.len = r->text.len;
            } else if (is_elem(p, "is")) {
                value = true;
                if (collect_text(p, "is") <= 0) return false;
                c.s = gk_arena_strndup(r->a, gk_buf_str(&r->text), r->text.len);
                c.len = r->text.len;
            }
        }
        if (ty <= 0) return false;
    }
    if (!c.s || !ftext) return false;
    if (col > GK_XLSX_MAX_COLS) {
        if (value && c.len) CELL_FAIL(r, row, col, "too-large", "a value beyond column %u", GK_XLSX_MAX_COLS);
        return true;
    }
    if (formula && !value) {
        c.kind = 'f';
        c.s = ftext[0] ? ftext : "…";
        *keep = true;
        return push_cell(r, &c);
    }
    if (!value) return true;
    if (formula && (strcmp(ftext, "TRUE()") == 0 || strcmp(ftext, "FALSE()") == 0)) {
        /* LibreOffice saves a boolean as the formula TRUE() with the number 1 */
        c.kind = 'b';
        c.s = ftext[0] == 'T' ? "1" : "0";
        c.len = 1;
        *keep = true;
        return push_cell(r, &c);
    }
    if (t && strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(c.s, &end, 10);
        if (*end || end == c.s || i >= r->nsst) {
            CELL_FAIL(r, row, col, "bad-xlsx", "the cell refers to shared string %s, which the workbook does not have", c.s);
            return true;
        }
        c.s = r->sst[i];
        c.len = r->sst_len[i];
        c.text = true;
    } else if (t && strcmp(t, "b") == 0) c.kind = 'b';
    else if (t && strcmp(t, "e") == 0) c.kind = 'e';
    else if (t && strcmp(t, "d") == 0) {
        if (c.len < 10 || c.s[4] != '-' || c.s[7] != '-') {
            CELL_FAIL(r, row, col, "bad-date", "the date \"%s\" has no day", c.s);
            return true;
        }
        c.kind = 'd';
        c.len = 10;
        c.s = gk_arena_strndup(r->a, c.s, 10);
    } else if (!t || strcmp(t, "n") == 0) {
        unsigned long xf = s ? strtoul(s, NULL, 10) : 0;
        if (xf < r->nxf && (r->xf_date[xf] & XF_DATE)) {
            const char *why = "";
            const char *d = serial_date(r, c.s, &why);
            if (!d) {
                CELL_FAIL(r, row, col, "bad-date", "a date cell that is not a day: %s", why);
                return true;
            }
            c.kind = 'd';
            c.s = d;
            c.len = 10;
        } else c.s = plain_number(r, c.s, &c.len);
    }
    else c.text = true; /* t="str" and "inlineStr": text as read */
    if (c.text) { /* a text in a cell the clerk (or gongkai, for 1.00) formatted as text is meant as text */
        unsigned long xf = s ? strtoul(s, NULL, 10) : 0;
        if (xf < r->nxf && (r->xf_date[xf] & XF_TEXT)) c.text = false;
    }
    if (c.len > GK_MAX_TEXT) {
        CELL_FAIL(r, row, col, "too-large", "a text longer than 64 KiB");
        return true;
    }
    if (c.len == 0 && c.kind == 's') return true;
    *keep = true;
    return push_cell(r, &c);
}

static void end_row(reader *r, unsigned row)
{
    if (r->nrow == 0) return;
    if (row == 1) labels_row(r);
    else if (row == 2) path_row(r, row);
    else if (r->no_paths) { /* said once */ }
    else if (!r->have_paths) {
        CELL_FAIL(r, row, r->row[0].col, "xlsx-header",
                  "this sheet has no field names in row 2 (such as department.name), so gongkai cannot tell where its "
                  "values go; copy the sheet's first two rows from a fresh workbook (gongkai workbook)");
        r->no_paths = true;
    } else data_row(r, row);
    r->nrow = 0;
}

static void merge(reader *r, const char *ref)
{
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!colon) return;
    char first[16];
    size_t n = (size_t)(colon - ref);
    if (n >= sizeof first) return;
    memcpy(first, ref, n);
    first[n] = '\0';
    unsigned c1, r1, c2, r2;
    if (!parse_ref(first, &c1, &r1) || !parse_ref(colon + 1, &c2, &r2)) return;
    if (r2 >= 3)
        CELL_FAIL(r, r1, c1, "xlsx-merged",
                  "merged cells %s over the data: only the first cell of a merge keeps a value; unmerge them and "
                  "type the value in every row", ref);
}

static void read_sheet(reader *r, const sheetref *s)
{
    part p;
    if (!s->target || !part_open(r, s->target, &p)) {
        if (!p.failed)
            FAIL(r, "bad-xlsx", "the sheet %s has no part %s in the workbook: it is damaged", s->name,
                 s->target ? s->target : "(none)");
        return;
    }
    r->cols = NULL;
    r->ncols = 0;
    r->labels = NULL;
    r->nlabels = 0;
    r->have_paths = r->no_paths = r->kv = false;
    r->nrow = 0;
    bool skip = strcmp(s->name, "说明") == 0; /* the notes the workbook writer adds */
    unsigned row = 0;
    int t;
    while ((t = part_next(&p)) > 0) {
        if (is_elem(&p, "row")) {
            char *rr = attr(&p, "r", NULL);
            unsigned n = rr ? (unsigned)strtoul(rr, NULL, 10) : row + 1;
            if (n <= row || n > (1u << 20)) {
                FAIL(r, "bad-xlsx", "the sheet %s has rows out of order (row %u after row %u)", s->name, n, row);
                break;
            }
            row = n;
            r->nrow = 0;
            if (xmlTextReaderIsEmptyElement(p.x)) continue;
            unsigned next_col = 1;
            bool any = false, bad = false;
            while ((t = part_next(&p)) > 0 && !is_end(&p, "row")) {
                bool keep = false; /* an element other than <c> keeps nothing */
                if (is_elem(&p, "c") && !read_cell(&p, row, &next_col, &keep)) { bad = true; break; }
                any |= keep;
            }
            if (bad || t <= 0) break;
            if (!any || skip) continue;
            if (row > GK_XLSX_MAX_ROWS) {
                CELL_FAIL(r, row, r->row[0].col, "too-large", "more than %u rows of data in sheet %s: refused",
                          GK_MAX_ITEMS, s->name);
                break;
            }
            end_row(r, row);
        } else if (is_elem(&p, "mergeCell") && !skip) {
            merge(r, attr(&p, "ref", NULL));
        }
    }
    part_close_all(&p);
}

/* ---- the workbook ---- */

static bool looks_ods(zip_t *z)
{
    zip_int64_t i = zip_name_locate(z, "mimetype", 0);
    if (i < 0) return false;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
    char buf[64] = "";
    zip_int64_t n = f ? zip_fread(f, buf, sizeof buf - 1) : 0;
    if (f) zip_fclose(f);
    buf[n > 0 ? n : 0] = '\0';
    return strstr(buf, "opendocument") != NULL;
}

static bool open_zip(reader *r, const char *data, size_t len, zip_source_t **src)
{
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        FAIL(r, "not-xlsx", "this is an Excel 97-2003 workbook (.xls) or an encrypted one, not .xlsx; save it as "
             "\"Excel Workbook (*.xlsx)\" without a password");
        return false;
    }
    if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
        FAIL(r, "not-xlsx", "this is not an Excel workbook (.xlsx is a zip file, and this one does not start like one)");
        return false;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    *src = zip_source_buffer_create(data, len, 0, &ze);
    if (*src) r->zip = zip_open_from_source(*src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!r->zip) {
        FAIL(r, "not-xlsx", "the workbook cannot be opened as a zip file: %s", zip_error_strerror(&ze));
        if (*src) zip_source_free(*src);
        *src = NULL;
        zip_error_fini(&ze);
        return false;
    }
    zip_error_fini(&ze);
    if (looks_ods(r->zip)) {
        FAIL(r, "not-xlsx", "this is an OpenDocument spreadsheet (.ods), not .xlsx; save it as \"Excel 2007-365 (.xlsx)\"");
        return false;
    }
    return true;
}

gk_value *gk_xlsx_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags,
                       const gk_xlsx_book **bookp)
{
    reader r = {.name = name, .a = arena, .diags = diags};
    zip_source_t *src = NULL;
    size_t before = diags->errors;
    sheetref *sheets = NULL;
    unsigned nsheets = 0;
    r.book = gk_arena_alloc(arena, sizeof *r.book);
    if (bookp) *bookp = r.book;
    if (!r.book) return NULL;
    r.book->sheets = NULL;
    r.book->count = 0;
    if (len > GK_MAX_FILE) {
        FAIL(&r, "too-large", "file larger than 16 MiB");
        return NULL;
    }
    xmlInitParser();
    if (!open_zip(&r, data, len, &src)) goto fail;
    if (!read_workbook(&r, &sheets, &nsheets) || !read_rels(&r, sheets, nsheets)) goto fail;
    if (nsheets == 0) {
        FAIL(&r, "bad-xlsx", "the workbook has no sheets");
        goto fail;
    }
    r.book->sheets = gk_arena_alloc(arena, nsheets * sizeof *r.book->sheets);
    if (!r.book->sheets) goto fail;
    for (unsigned i = 0; i < nsheets; i++) r.book->sheets[i] = sheets[i].name;
    r.book->count = nsheets;
    if (!read_shared(&r) || !read_styles(&r)) goto fail;
    r.root = gk_value_new(arena, GK_V_OBJECT, GK_XLSX_LINE(1, 1), 1);
    if (!r.root) goto fail;
    for (unsigned i = 0; i < nsheets; i++) {
        r.sheet = i + 1;
        read_sheet(&r, &sheets[i]);
        if (diags->errors - before > 1000) break; /* a sheet of garbage: enough said */
    }
fail:
    if (r.zip) zip_discard(r.zip); /* frees src too */
    else if (src) zip_source_free(src);
    free(r.sst);
    free(r.sst_len);
    free(r.xf_date);
    free(r.row);
    gk_buf_free(&r.text);
    return diags->errors > before && !r.root ? NULL : r.root;
}
