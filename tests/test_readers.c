/* The JSON and INI readers (input/json.c, input/ini.c) on hostile input:
 * what they refuse, where they say the problem is, and what the INI reader
 * must hand over unchanged despite inih's 200-byte line buffer. */
#include "support.h"

#include "buf.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define JSON false
#define INI true

/* One read: the root of the tree (NULL when the text was refused) and the
 * problems found, both owned by the running test. */
typedef struct reading {
    gk_value *root;
    gk_diags *diags;
} reading;

static reading read_text(bool ini, const char *text, size_t len)
{
    reading r = {NULL, gk_test_diags()};
    gk_arena *arena = gk_test_arena();
    r.root = ini ? gk_ini_read("t.ini", text, len, arena, r.diags) : gk_json_read("t.json", text, len, arena, r.diags);
    return r;
}

/* Reads text that must give no diagnostic at all. */
static gk_value *read_clean(bool ini, const char *text, size_t len)
{
    reading r = read_text(ini, text, len);
    gk_test_expect_counts(r.diags, 0, 0);
    assert_non_null(r.root);
    return r.root;
}

/* Reads text that must give exactly one diagnostic, with this code. */
static const gk_diag *read_one(bool ini, const char *text, size_t len, const char *code, reading *out)
{
    reading r = read_text(ini, text, len);
    if (r.diags->count != 1) {
        gk_test_print_diags(r.diags);
        fail_msg("%zu diagnostics, expected one \"%s\"", r.diags->count, code);
    }
    if (out) *out = r;
    return gk_test_expect(r.diags, code, NULL);
}

/* The node at a '/'-separated path below `v`; numbers are 1-based indices. */
static const gk_value *lookup(const gk_value *v, const char *path)
{
    char seg[64];
    while (v && *path) {
        size_t n = strcspn(path, "/");
        assert_true(n < sizeof seg);
        memcpy(seg, path, n);
        seg[n] = '\0';
        path += n + (path[n] == '/');
        if (v->type == GK_V_ARRAY) {
            size_t i = (size_t)atoi(seg);
            v = i >= 1 && i <= v->as.array.count ? v->as.array.items[i - 1] : NULL;
        } else if (v->type == GK_V_OBJECT) {
            const gk_member *m = gk_value_get(v, seg);
            v = m ? m->value : NULL;
        } else {
            v = NULL;
        }
    }
    return v;
}

static const gk_value *want_node(const gk_value *root, const char *path, gk_vtype type)
{
    const gk_value *v = lookup(root, path);
    if (!v) fail_msg("no value at %s", path);
    if (v->type != type) fail_msg("%s is %s, expected %s", path, gk_vtype_name(v->type), gk_vtype_name(type));
    return v;
}

static void want_text(const gk_value *root, const char *path, const char *want, size_t want_len)
{
    const gk_value *v = want_node(root, path, GK_V_STRING);
    if (v->as.str.len != want_len || memcmp(v->as.str.s, want, want_len) != 0)
        fail_msg("%s: got %zu bytes \"%s\", expected %zu bytes \"%s\"", path, v->as.str.len, v->as.str.s, want_len, want);
}

static void want_string(const gk_value *root, const char *path, const char *want)
{
    want_text(root, path, want, strlen(want));
}

static void want_place(const gk_value *v, unsigned line, unsigned col)
{
    if (v->line != line || v->col != col) fail_msg("the value is at %u:%u, expected %u:%u", v->line, v->col, line, col);
}

/* ---- inputs refused or flagged: one diagnostic each ---- */

typedef struct reader_case {
    const char *name;
    bool ini;
    const char *text;
    size_t len;          /* the literal's length: it may hold NUL bytes */
    const char *code;    /* the only diagnostic expected */
    unsigned line, col;  /* where it is (the offending character) */
    bool tree;           /* the reader still returns a tree */
    const char *message; /* the message contains this (NULL: unchecked) */
} reader_case;

/* a literal and its length, NUL bytes included */
#define LIT(s) s, sizeof(s) - 1

static const reader_case reader_cases[] = {
    /* encoding */
    {"json: invalid UTF-8 byte", JSON, LIT("{\n  \"a\": \"x\xFFy\"\n}"), "bad-utf8", 2, 10, false, "0xFF"},
    {"json: cut UTF-8 sequence after Chinese text", JSON, LIT("{\"名称\": \"中文\xE4\xB8\"}"), "bad-utf8", 1, 11, false,
     "0xE4"},
    {"json: overlong UTF-8", JSON, LIT("{\"a\": \"\xC0\xAF\"}"), "bad-utf8", 1, 8, false, "0xC0"},
    {"json: UTF-8 surrogate", JSON, LIT("{\"a\":\n\"\xED\xA0\x80\"}"), "bad-utf8", 2, 2, false, "0xED"},
    {"json: invalid UTF-8 after a BOM", JSON, LIT("\xEF\xBB\xBF{\"a\": \"\xFE\"}"), "bad-utf8", 1, 8, false, "0xFE"},
    {"ini: invalid UTF-8 byte", INI, LIT("document = goals\nname = 中\xFF\n"), "bad-utf8", 2, 9, false, "0xFF"},
    {"ini: raw NUL byte", INI, LIT("document = goals\nname = ab\0c\n"), "bad-utf8", 2, 10, false, "NUL"},
    {"json: raw NUL byte", JSON, LIT("{\"a\": \"x\0y\"}"), "bad-utf8", 1, 9, false, "NUL"},
    /* JSON syntax: the place is where the offending token starts, or the
     * end of the text when it stops early */
    {"json: invalid character", JSON, LIT("{\"a\": [1, x]}"), "json-syntax", 1, 11, false, NULL},
    {"json: invalid character after a BOM", JSON, LIT("\xEF\xBB\xBF{\"a\": [1, x]}"), "json-syntax", 1, 11, false, NULL},
    {"json: missing colon", JSON, LIT("{\"a\" 1}"), "json-syntax", 1, 6, false, NULL},
    {"json: trailing garbage", JSON, LIT("{}\nx"), "json-syntax", 2, 1, false, "trailing garbage"},
    {"json: two values", JSON, LIT("{} {}"), "json-syntax", 1, 4, false, NULL},
    {"json: truncated string", JSON, LIT("{\"document\": \"bud"), "json-syntax", 1, 18, false, NULL},
    {"json: truncated object", JSON, LIT("{\"a\": 1,\n  \"b\": 2,\n"), "json-syntax", 3, 1, false, NULL},
    {"json: empty input", JSON, LIT(""), "json-syntax", 1, 1, false, NULL},
    /* JSON structure */
    {"json: top level is an array", JSON, LIT("[1, 2]"), "json-syntax", 1, 1, false, "must be a JSON object"},
    {"json: top level is a string", JSON, LIT("\n  \"budget\""), "json-syntax", 2, 3, false, "must be a JSON object"},
    {"json: duplicate key", JSON, LIT("{\"a\": 1,\n \"a\": 2}"), "duplicate-key", 2, 2, true, "\"a\""},
    {"json: duplicate key after CRLF lines", JSON, LIT("{\r\n  \"a\": 1,\r\n  \"b\": {},\r\n  \"a\": [2]\r\n}"),
     "duplicate-key", 4, 3, true, NULL},
    {"json: duplicate key after a BOM", JSON, LIT("\xEF\xBB\xBF{\"名\": 1, \"名\": 2}"), "duplicate-key", 1, 10, true, NULL},
    /* INI structure */
    {"ini: index out of order", INI, LIT("document = goals\n[projects.2]\nname = a\n"), "ini-path", 3, 1, true,
     "out of order"},
    {"ini: index skipped in a key", INI, LIT("laws.1 = a\nlaws.3 = c\n"), "ini-path", 2, 1, true, "the next index is 2"},
    {"ini: name where an index is expected", INI, LIT("laws.1 = a\nlaws.x = b\n"), "ini-path", 2, 1, true, NULL},
    {"ini: missing '='", INI, LIT("document = goals\njust some words\n"), "ini-syntax", 2, 1, true, NULL},
    {"ini: section without ']'", INI, LIT("[department\nname = a\n"), "ini-syntax", 1, 1, true, NULL},
    {"ini: duplicate key", INI, LIT("document = goals\ndocument = budget\n"), "duplicate-key", 2, 1, true, "document"},
    {"ini: a section repeated", INI, LIT("[department]\nname = a\n[income]\ntotal = 1\n[department]\nname = b\n"),
     "ini-section", 5, 1, true, "[department] appears a second time (first at line 1)"},
    {"ini: duplicate key, dotted and in a section", INI, LIT("department.name = a\n[department]\nname = b\n"),
     "duplicate-key", 3, 1, true, NULL},
    {"ini: indented key before any key", INI, LIT("  stray = x\ndocument = goals\n"), "ini-syntax", 1, 3, true, NULL},
    {"ini: indented text before any key", INI, LIT("  stray text\ndocument = goals\n"), "ini-syntax", 1, 3, true, NULL},
    {"ini: indented text after a section", INI, LIT("[department]\n  stray text\nname = a\n"), "ini-syntax", 2, 3, true,
     NULL},
};

static void test_reader_case(void **state)
{
    const reader_case *c = *state;
    reading r;
    const gk_diag *g = read_one(c->ini, c->text, c->len, c->code, &r);
    assert_string_equal(g->file, c->ini ? "t.ini" : "t.json");
    gk_test_expect_place(g, c->line, c->col);
    if (c->message) gk_test_expect_message(g, &c->message, 1);
    if (c->tree) assert_non_null(r.root);
    else assert_null(r.root);
}

/* ---- what the JSON reader keeps ---- */

static void test_json_duplicate_keeps_first(void **state)
{
    (void)state;
    static const char text[] = "{\"a\": \"first\", \"a\": {\"deep\": [1, 2]}, \"b\": true}";
    reading r;
    read_one(JSON, text, sizeof text - 1, "duplicate-key", &r);
    assert_int_equal(r.root->as.object.count, 2);
    want_string(r.root, "a", "first");
    want_node(r.root, "b", GK_V_BOOL);
}

static void test_json_columns_count_characters(void **state)
{
    (void)state;
    /* {"名称": "中文", "x": 1}: the key x is character 14, its value 19 */
    static const char one[] = "{\"名称\": \"中文\", \"x\": 1}";
    gk_value *root = read_clean(JSON, one, sizeof one - 1);
    const gk_member *m = &root->as.object.items[1];
    assert_string_equal(m->key, "x");
    assert_int_equal(m->line, 1);
    assert_int_equal(m->col, 14);
    want_place(m->value, 1, 19);
    want_place(want_node(root, "名称", GK_V_STRING), 1, 8);

    /* a BOM is not a character; a tab is one; CRLF ends a line */
    static const char two[] = "\xEF\xBB\xBF{\"甲\": \"乙\",\r\n\t\"丙丁\": [\"戊\", 5]}";
    root = read_clean(JSON, two, sizeof two - 1);
    want_place(want_node(root, "甲", GK_V_STRING), 1, 7);
    want_place(want_node(root, "丙丁", GK_V_ARRAY), 2, 8);
    want_place(want_node(root, "丙丁/1", GK_V_STRING), 2, 9);
    want_place(want_node(root, "丙丁/2", GK_V_NUMBER), 2, 14);
}

static void test_json_numbers_keep_their_text(void **state)
{
    (void)state;
    static const char text[] = "{\"a\": 126.03541, \"b\": 1.5e2, \"c\": -0, \"d\": null, \"e\": \"0.18\"}";
    gk_value *root = read_clean(JSON, text, sizeof text - 1);
    assert_string_equal(want_node(root, "a", GK_V_NUMBER)->as.str.s, "126.03541");
    assert_string_equal(want_node(root, "b", GK_V_NUMBER)->as.str.s, "1.5e2");
    assert_string_equal(want_node(root, "c", GK_V_NUMBER)->as.str.s, "-0");
    want_node(root, "d", GK_V_NULL);
    want_string(root, "e", "0.18");
    assert_false(want_node(root, "e", GK_V_STRING)->untyped);
}

/* ---- limits: file, text, items, depth ---- */

/* {"a": [[[…]]]}: the object and `arrays` arrays, `arrays` + 1 levels */
static const char *nested(size_t arrays)
{
    gk_buf b = {0};
    gk_buf_puts(&b, "{\"a\": ");
    for (size_t i = 0; i < arrays; i++) gk_buf_putc(&b, '[');
    for (size_t i = 0; i < arrays; i++) gk_buf_putc(&b, ']');
    gk_buf_putc(&b, '}');
    return gk_test_keep(gk_buf_detach(&b));
}

/* {"a": [0, 0, …]} with n items, or the INI form laws.1 = 0 … */
static const char *many_items(bool ini, size_t n)
{
    gk_buf b = {0};
    if (!ini) gk_buf_puts(&b, "{\"a\": [");
    for (size_t i = 1; i <= n; i++) {
        if (ini) gk_buf_printf(&b, "laws.%zu = 0\n", i);
        else gk_buf_puts(&b, i > 1 ? ", 0" : "0");
    }
    if (!ini) gk_buf_puts(&b, "]}");
    return gk_test_keep(gk_buf_detach(&b));
}

/* {"k1": 0, "k2": 0, …} */
static const char *many_members(size_t n)
{
    gk_buf b = {0};
    gk_buf_putc(&b, '{');
    for (size_t i = 1; i <= n; i++) gk_buf_printf(&b, "%s\"k%zu\": 0", i > 1 ? ", " : "", i);
    gk_buf_putc(&b, '}');
    return gk_test_keep(gk_buf_detach(&b));
}

/* A document whose second line holds a text of `len` bytes. */
static const char *long_text(bool ini, size_t len)
{
    gk_buf b = {0};
    gk_buf_puts(&b, ini ? "document = goals\nname = " : "{\"document\": \"goals\",\n\"name\": \"");
    for (size_t i = 0; i < len; i++) gk_buf_putc(&b, 'x');
    gk_buf_puts(&b, ini ? "\n" : "\"}");
    return gk_test_keep(gk_buf_detach(&b));
}

static void want_too_large(bool ini, const char *text, unsigned line)
{
    const gk_diag *g = read_one(ini, text, strlen(text), "too-large", NULL);
    assert_int_equal(g->line, line);
}

static void test_json_nesting_limit(void **state)
{
    (void)state;
    const char *ok = nested(GK_MAX_DEPTH - 1);
    read_clean(JSON, ok, strlen(ok));
    want_too_large(JSON, nested(GK_MAX_DEPTH), 1);
    want_too_large(JSON, nested(1000), 1);
}

static void test_item_limit(void **state)
{
    (void)state;
    for (int ini = 0; ini < 2; ini++) {
        const char *ok = many_items(ini, GK_MAX_ITEMS);
        gk_value *root = read_clean(ini, ok, strlen(ok));
        assert_int_equal(want_node(root, ini ? "laws" : "a", GK_V_ARRAY)->as.array.count, GK_MAX_ITEMS);
        want_too_large(ini, many_items(ini, GK_MAX_ITEMS + 1), ini ? GK_MAX_ITEMS + 1 : 1);
    }
    const char *ok = many_members(GK_MAX_ITEMS);
    read_clean(JSON, ok, strlen(ok));
    want_too_large(JSON, many_members(GK_MAX_ITEMS + 1), 1);
}

static void test_text_limit(void **state)
{
    (void)state;
    for (int ini = 0; ini < 2; ini++) {
        const char *ok = long_text(ini, GK_MAX_TEXT);
        gk_value *root = read_clean(ini, ok, strlen(ok));
        assert_int_equal(want_node(root, "name", GK_V_STRING)->as.str.len, GK_MAX_TEXT);
        want_too_large(ini, long_text(ini, 70 * 1024), 2);
    }
}

static void test_file_limit(void **state)
{
    (void)state;
    size_t len = GK_MAX_FILE + 1;
    char *big = gk_test_keep(malloc(len));
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    for (int ini = 0; ini < 2; ini++) {
        const gk_diag *g = read_one(ini, big, len, "too-large", NULL);
        gk_test_expect_message(g, (const char *const[]){"16 MiB"}, 1);
    }
}

/* ---- text the loader refuses ---- */

static void test_control_characters(void **state)
{
    (void)state;
    static const struct {
        const char *name, *message;
    } cases[] = {
        {"甲\\u0000乙", "U+0000 at character 2"},
        {"tab\\there", "U+0009 at character 4"},
        {"\\u001b[0m", "U+001B at character 1"},
        {"del\\u007f", "U+007F at character 4"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        gk_buf text = {0};
        gk_buf_printf(&text, "{\"document\": \"goals\",\n \"department\": {\"name\": \"%s\", \"level\": \"县\", \"year\": 2020}}",
                      cases[i].name);
        gk_diags *d = gk_test_diags();
        gk_test_load("t.json", gk_test_keep(gk_buf_detach(&text)), false, GK_INVALID, d);
        const gk_diag *g = gk_test_expect(d, "control-char", "/department/name");
        gk_test_expect_place(g, 2, 25);
        gk_test_expect_message(g, &cases[i].message, 1);
        gk_test_expect_counts(d, 1, 0);
    }
}

static void test_newline_in_text_is_allowed(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_test_load("t.json", "{\"document\": \"goals\", \"department\": {\"name\": \"甲\", \"full_name\": \"甲\\n乙\", \"level\": \"县\", \"year\": 2020}}",
                 false, GK_OK, d);
    gk_test_expect_counts(d, 0, 0);
}

/* ---- INI ---- */

static void test_ini_sections_and_indices(void **state)
{
    (void)state;
    static const char text[] =
        "; a comment\n"
        "# another comment\n"
        "document = goals\n"
        "\n"
        "[department]\n"
        "name = 测试部\n"
        "year = 2020\n"
        "[projects.1]\n"
        "name = 项目一\n"
        "goals.1 = 目标一\n"
        "goals.2 = 目标二\n"
        "plan.1 = 25%\n"
        "plan.2 = null\n"
        "[projects.1.indicators.1]\n"
        "level1 = 产出指标\n"
        "[projects.1.indicators.2]\n"
        "level1 = 效果指标\n"
        "[projects.2]\n"
        "unit.code = 203\n"
        "name = 项目二 ; inline comment\n"
        "code = a;b\n"
        "purpose =\n";
    gk_value *root = read_clean(INI, text, sizeof text - 1);
    want_string(root, "document", "goals");
    want_string(root, "department/name", "测试部");
    want_string(root, "department/year", "2020");
    assert_int_equal(want_node(root, "projects", GK_V_ARRAY)->as.array.count, 2);
    want_string(root, "projects/1/goals/2", "目标二");
    want_string(root, "projects/1/plan/1", "25%");
    want_node(root, "projects/1/plan/2", GK_V_NULL);
    want_string(root, "projects/1/indicators/1/level1", "产出指标");
    want_string(root, "projects/1/indicators/2/level1", "效果指标");
    want_string(root, "projects/2/unit/code", "203");
    want_string(root, "projects/2/name", "项目二");
    want_string(root, "projects/2/code", "a;b");
    want_string(root, "projects/2/purpose", "");
    /* INI values are untyped text for the loader to convert */
    assert_true(want_node(root, "department/year", GK_V_STRING)->untyped);
    /* a value's place is its first character */
    want_place(want_node(root, "projects/1/indicators/2/level1", GK_V_STRING), 17, 10);
    want_place(want_node(root, "department/name", GK_V_STRING), 6, 8);
}

static void test_ini_continuation_lines(void **state)
{
    (void)state;
    static const char text[] =
        "document = goals\n"
        "name = 第一行\n"
        "  第二行\n"
        "\t第三行\n"
        "code = x\n";
    gk_value *root = read_clean(INI, text, sizeof text - 1);
    want_string(root, "name", "第一行\n第二行\n第三行");
    want_string(root, "code", "x");
}

static void test_ini_crlf_and_bom(void **state)
{
    (void)state;
    static const char text[] =
        "\xEF\xBB\xBF" "document = goals\r\n[department]\r\nname = 甲乙\r\n  丙\r\nlevel = 县\r\n";
    gk_value *root = read_clean(INI, text, sizeof text - 1);
    want_string(root, "document", "goals");
    want_string(root, "department/name", "甲乙\n丙");
    want_string(root, "department/level", "县");
    want_place(want_node(root, "department/level", GK_V_STRING), 5, 9);
}

/* `unit` repeated to at most `len` bytes, without trailing blanks (inih
 * strips them). */
static char *repeat(const char *unit, size_t len)
{
    gk_buf b = {0};
    size_t n = strlen(unit);
    while (b.len + n <= len) gk_buf_puts(&b, unit);
    while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t')) gk_buf_truncate(&b, b.len - 1);
    return gk_test_keep(gk_buf_detach(&b));
}

/* `name = <written>`, as the first line of the value or on a continuation
 * line, must read back as `value` (the key after it stays in place). */
static void want_ini_value(const char *written, const char *value, bool continuation)
{
    gk_buf b = {0};
    gk_buf_printf(&b, "document = goals\n[department]\nname = %s%s\nlevel = 县\n",
                  continuation ? "first line\n    " : "", written);
    const char *text = gk_test_keep(gk_buf_detach(&b));
    gk_buf_printf(&b, "%s%s", continuation ? "first line\n" : "", value);
    const char *want = gk_test_keep(gk_buf_detach(&b));
    gk_value *root = read_clean(INI, text, strlen(text));
    const gk_value *v = want_node(root, "department/name", GK_V_STRING);
    if (v->as.str.len != strlen(want) || memcmp(v->as.str.s, want, strlen(want)) != 0)
        fail_msg("%zu bytes were written, %zu came back: \"%s\"", strlen(want), v->as.str.len, v->as.str.s);
    want_string(root, "department/level", "县");
    assert_int_equal(want_node(root, "department/level", GK_V_STRING)->line, continuation ? 5 : 4);
}

static void test_ini_long_lines(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        size_t len;
    } values[] = {
        {"x", 199},
        {"x", 200},
        {"x", 300},
        {"0123456789", 1000},
        {"甲", 5000},                 /* 1666 characters of Chinese */
        {"中文，标点；“引号”。", 5000},
        {"ab cd ", 600},              /* no piece may start or end with a blank */
        {"word;x#y[z]=1:2 ", 900},    /* ; # [ must not start a piece */
        {"甲乙  丙丁\t", 700},
    };
    for (size_t i = 0; i < COUNT(values); i++) {
        const char *v = repeat(values[i].unit, values[i].len);
        want_ini_value(v, v, false);
        want_ini_value(v, v, true);
    }
}

/* README: "Lines may be of any length", also lines with a blank between
 * every two characters (letter-spaced names). */
static void test_ini_long_line_of_spaced_characters(void **state)
{
    (void)state;
    const char *a = repeat("a ", 400), *zh = repeat("中 ", 600);
    want_ini_value(a, a, false);
    want_ini_value(zh, zh, false);
}

/* " ;" starts a comment wherever it is on a line (README, "INI"): beyond
 * inih's 200-byte buffer, and on a continuation line. */
static void test_ini_comment_after_long_value(void **state)
{
    (void)state;
    const char *value = repeat("甲", 600);
    gk_buf b = {0};
    gk_buf_printf(&b, "%s ; comment", value);
    want_ini_value(gk_test_keep(gk_buf_detach(&b)), value, false);
}

static void test_ini_long_comment_after_value(void **state)
{
    (void)state;
    gk_buf b = {0};
    gk_buf_printf(&b, "乙 ; %s", repeat("注", 600));
    want_ini_value(gk_test_keep(gk_buf_detach(&b)), "乙", false);
}

static void test_ini_comment_on_continuation_line(void **state)
{
    (void)state;
    want_ini_value("第二行 ; comment", "第二行", true);
}

static void test_ini_long_comment_line(void **state)
{
    (void)state;
    const char *c = repeat("注释", 3000);
    gk_buf text = {0};
    gk_buf_printf(&text, "; %s\ndocument = goals\n# %s\nname = x\n", c, c);
    const char *t = gk_test_keep(gk_buf_detach(&text));
    gk_value *root = read_clean(INI, t, strlen(t));
    want_string(root, "document", "goals");
    want_string(root, "name", "x");
    assert_int_equal(root->as.object.count, 2);
}

static void test_ini_positions_in_loader_diagnostics(void **state)
{
    (void)state;
    static const char text[] = "document = goals\n[department]\nname = 曲阳\nlevel = 州\nyear = 2020\n";
    gk_diags *d = gk_test_diags();
    gk_test_load("t.ini", text, true, GK_INVALID, d);
    const gk_diag *g = gk_test_expect(d, "bad-value", "/department/level");
    assert_string_equal(g->file, "t.ini");
    gk_test_expect_place(g, 4, 9);
    gk_test_expect_counts(d, 1, 0);
}

static void test_ini_index_zero_is_refused(void **state)
{
    (void)state;
    static const char text[] = "document = goals\n[department]\nname = a\nlevel = 县\nyear = 2020\n[projects.0]\nname = a\n";
    gk_diags *d = gk_test_diags();
    gk_test_load("t.ini", text, true, GK_INVALID, d);
    /* whatever the words, the place is the key that uses index 0 */
    gk_test_expect_counts(d, 1, 0);
    assert_int_equal(d->items[0].line, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_json_duplicate_keeps_first),
        GK_TEST(test_json_columns_count_characters),
        GK_TEST(test_json_numbers_keep_their_text),
        GK_TEST(test_json_nesting_limit),
        GK_TEST(test_item_limit),
        GK_TEST(test_text_limit),
        GK_TEST(test_file_limit),
        GK_TEST(test_control_characters),
        GK_TEST(test_newline_in_text_is_allowed),
        GK_TEST(test_ini_sections_and_indices),
        GK_TEST(test_ini_continuation_lines),
        GK_TEST(test_ini_crlf_and_bom),
        GK_TEST(test_ini_long_lines),
        GK_TEST(test_ini_long_line_of_spaced_characters),
        GK_TEST(test_ini_comment_after_long_value),
        GK_TEST(test_ini_long_comment_after_value),
        GK_TEST(test_ini_comment_on_continuation_line),
        GK_TEST(test_ini_long_comment_line),
        GK_TEST(test_ini_positions_in_loader_diagnostics),
        GK_TEST(test_ini_index_zero_is_refused),
    };
    int failed = gk_test_run_cases("reader cases", test_reader_case, reader_cases, sizeof reader_cases[0],
                                   COUNT(reader_cases));
    return failed + cmocka_run_group_tests_name("readers", tests, NULL, NULL);
}
