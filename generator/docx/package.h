/* The package (OPC) of a .docx: its parts, and the registries that
 * [Content_Types].xml and the .rels parts are made from, so they cannot
 * drift from what is in the zip (after libxlsxwriter's packager). The zip
 * itself is the shared writer of pack/zipper.h. */
#ifndef GK_DOCX_PACKAGE_H
#define GK_DOCX_PACKAGE_H

#include "buf.h"

#include <stdbool.h>

#define GK_PKG_MAX_PARTS 32
#define GK_PKG_MAX_RELS 16

typedef struct gk_pkg_rel {
    char id[16];
    const char *type, *target;
} gk_pkg_rel;

typedef struct gk_pkg_part {
    const char *name;         /* "word/document.xml" */
    const char *content_type; /* NULL for parts covered by a Default */
    gk_buf data;
    gk_pkg_rel rels[GK_PKG_MAX_RELS]; /* relationships from this part */
    int nrels;
} gk_pkg_part;

typedef struct gk_pkg {
    gk_pkg_part parts[GK_PKG_MAX_PARTS];
    int nparts;
    gk_pkg_rel package_rels[GK_PKG_MAX_RELS]; /* _rels/.rels */
    int npackage_rels;
} gk_pkg;

/* Adds a part; its bytes go into the returned part's `data`. */
gk_pkg_part *gk_pkg_add(gk_pkg *p, const char *name, const char *content_type);
/* Registers a relationship from `from` (NULL: the package) to `target`
 * (relative to the source part's folder) and returns its id ("rId3"). */
const char *gk_pkg_relate(gk_pkg *p, gk_pkg_part *from, const char *type, const char *target);

/* Writes the zip: [Content_Types].xml, the .rels parts and every part, in
 * the order added, with fixed timestamps (byte-identical output). */
bool gk_pkg_write(gk_pkg *p, const char *path, gk_buf *error);
void gk_pkg_free(gk_pkg *p);

#endif
