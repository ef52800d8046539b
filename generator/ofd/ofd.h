/* The OFD renderer (GB/T 33190-2016, docs/ofd.md): the layout engine's
 * pages (layout/, the same display list the PDF draws) written as an OFD
 * package, its fonts the font service's subsets (fonts/font.h). */
#ifndef GK_OFD_H
#define GK_OFD_H

#include "fontset.h"
#include "node.h"

/* Writes the document to the file `path`, a temporary file the caller
 * renames into place; `name` is the file's final name, for messages.
 * Problems go to `diags`. */
gk_status gk_ofd_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                       gk_diags *diags);
typedef struct gk_laid gk_laid; /* laid.h */
/* The same from a document laid out already (laid.h; NULL: lay it out
 * here), so that its PDF and its OFD share one layout. */
gk_status gk_ofd_write_laid(const gk_tree *tree, const gk_fontset *fonts, gk_laid *laid, const char *path,
                            const char *name, gk_diags *diags);

#endif
