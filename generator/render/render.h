/* Renderers: each reads the document tree and writes one format; a figure
 * is formatted by the renderer (gk_figure_format, or a spreadsheet's number
 * format), never parsed back from text. The formats stand in one registry
 * (gk_format_*, render/document.c) that the command line, batch and the
 * writer dispatch read. */
#ifndef GK_RENDER_H
#define GK_RENDER_H

#include "buf.h"
#include "node.h"

/* Plain text in the shape of the seeds: one paragraph per line, table cells
 * one per line after a tab, a blank line after each row, merged cells as
 * empty cells. */
void gk_render_txt(const gk_tree *tree, gk_buf *out);

#endif
