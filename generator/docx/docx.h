/* The DOCX renderer: a WordprocessingML package in the GB/T 9704 layout. */
#ifndef GK_DOCX_H
#define GK_DOCX_H

#include "fontset.h"
#include "node.h"

/* Writes the document to the file `path`, a temporary file the caller
 * renames into place; `name` is the file's final name, for messages.
 * Problems go to `diags`. */
gk_status gk_docx_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                        gk_diags *diags);

#endif
