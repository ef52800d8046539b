/* The fontset: which font each role of the documents uses (fonts/README.md).
 * Both renderers read it: DOCX names the fonts an office has installed, PDF
 * embeds font files. */
#ifndef GK_FONTSET_H
#define GK_FONTSET_H

#include "arena.h"
#include "gongkai.h"

#include <stdbool.h>

typedef enum gk_font_role {
    GK_ROLE_TITLE,
    GK_ROLE_BODY,
    GK_ROLE_HEADING1,
    GK_ROLE_HEADING2,
    GK_ROLE_HEADING3,
    GK_ROLE_HEADING4,
    GK_ROLE_TABLE,
    GK_ROLE_TABLE_HEADER,
    GK_ROLE_PAGE_NUMBER,
    GK_ROLE_COUNT
} gk_font_role;

extern const char *const gk_font_role_names[]; /* "title", "body", … */

#define GK_FONT_MAX_FALLBACK 8

typedef struct gk_font_spec {
    int half_points;                 /* size × 2 (Word counts half points) */
    const char *docx, *docx_alt, *docx_ascii;
    const char *pdf;                 /* fontconfig family or file path */
    unsigned pdf_line;               /* its line in the fontset's origin (for errors about the font) */
    const char *fallback[GK_FONT_MAX_FALLBACK];
    int nfallback;
    bool bold;
} gk_font_spec;

typedef struct gk_fontset {
    gk_font_spec role[GK_ROLE_COUNT];
    const char *origin; /* "built-in" or the file */
    gk_arena arena;     /* the strings */
} gk_fontset;

/* Reads the fontset at `path`, or the built-in default when path is NULL.
 * Only a regular file of at most 64 KiB is read (gk_file_read). Every role
 * must be present with a size, docx and pdf font; problems go to `diags`
 * with the fontset's file and line. Free with gk_fontset_free, also after a
 * failure. */
gk_status gk_fontset_load(gk_fontset *fs, const char *path, gk_diags *diags);
void gk_fontset_free(gk_fontset *fs);

/* The built-in fontsets, generated from fonts/ at build time. */
typedef struct gk_builtin_fontset { const char *name; const char *text; } gk_builtin_fontset;
extern const gk_builtin_fontset gk_builtin_fontsets[];

#endif
