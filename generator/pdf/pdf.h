/* The PDF renderer: our layout engine (layout/) on libharu. */
#ifndef GK_PDF_H
#define GK_PDF_H

#include "fontset.h"
#include "node.h"

/* The most pages a PDF may have: a document laid out longer is refused
 * before anything is drawn ("too-many-pages"). Past 32 767 pages (libharu's
 * array limit) the pages go into a tree of Pages nodes. */
#define GK_PDF_MAX_PAGES 50000

/* Writes the document to the file `path`, a temporary file the caller
 * renames into place; `name` is the file's final name, for messages.
 * Problems go to `diags`. */
gk_status gk_pdf_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                        gk_diags *diags);

/* Frees what the process keeps between documents (the fonts found, their
 * files read and measured, fontconfig's configuration, the compressor).
 * Registered with atexit when first needed; rendering again afterwards
 * loads them anew. */
void gk_pdf_release(void);

#endif
