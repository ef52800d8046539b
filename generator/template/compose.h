/* Reading expanded template lines into the document tree (phase 2). */
#ifndef GK_COMPOSE_H
#define GK_COMPOSE_H

#include "node.h"
#include "tpl.h"

/* Appends the blocks the lines describe to `tree`'s document. */
gk_status gk_compose_lines(const gk_tpl_output *lines, gk_tree *tree, gk_diags *diags);

#endif
