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
typedef struct gk_laid gk_laid; /* laid.h */
/* The same from a document laid out already (laid.h; NULL: lay it out
 * here), so that its PDF and its OFD share one layout. */
gk_status gk_pdf_write_laid(const gk_tree *tree, const gk_fontset *fonts, gk_laid *laid, const char *path,
                            const char *name, gk_diags *diags);

/* Frees what the process keeps between documents (the fonts found, their
 * files read and measured, fontconfig's configuration, the compressor).
 * Each is freed at exit anyway (its own atexit hook); rendering again
 * afterwards makes them anew. */
void gk_pdf_release(void);
/* The document laid out for the writers of fixed layouts (laid.h), once
 * for its PDF and its OFD. NULL when the layout said anything at all (a
 * font missing, a warning) or failed: then each writer lays the document
 * out itself, saying what it says with its own file's name, as without
 * sharing. `name` is for the messages the layout keeps none of. */
gk_laid *gk_laid_make(const gk_tree *tree, const gk_fontset *fonts, const char *name);
void gk_laid_free(gk_laid *l);

#endif
