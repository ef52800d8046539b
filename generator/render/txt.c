/* The plain-text renderer: for review in a terminal, for diffs, and to
 * measure fidelity against the seeds, which are written this way. */
#include "render.h"

static void put_label(gk_buf *out, gk_numbering style, int n)
{
    char label[32];
    gk_buf_puts(out, gk_number_label(style, n, label, sizeof label));
}

/* The inline content of a block: text runs, breaks as newlines. */
static void put_inline(gk_buf *out, const gk_node *block)
{
    for (const gk_node *n = block->first; n; n = n->next) {
        if (gk_node_is_run(n)) {
            char fig[GK_FIG_STRLEN];
            size_t len;
            const char *s = gk_run_chars(n, fig, &len);
            gk_buf_append(out, s, len);
        }
        else if (n->type == GK_NODE_BREAK) gk_buf_putc(out, '\n');
    }
}

static void put_list(gk_buf *out, const gk_node *list, bool in_cell, bool *first_line)
{
    for (const gk_node *it = list->first; it; it = it->next) {
        if (in_cell && !*first_line) gk_buf_putc(out, '\n');
        *first_line = false;
        put_label(out, list->as.list.numbering, it->as.item.number);
        put_inline(out, it);
        if (!in_cell) gk_buf_putc(out, '\n');
    }
}

static void put_cell(gk_buf *out, const gk_node *cell)
{
    gk_buf_putc(out, '\t');
    bool first = true;
    for (const gk_node *b = cell->first; b; b = b->next) {
        if (b->type == GK_NODE_LIST) put_list(out, b, true, &first);
        else {
            if (!first) gk_buf_putc(out, '\n');
            first = false;
            put_inline(out, b);
        }
    }
    gk_buf_putc(out, '\n');
}

static void put_blocks(gk_buf *out, const gk_node *parent)
{
    bool first = true;
    for (const gk_node *b = parent->first; b; b = b->next) {
        switch (b->type) {
        case GK_NODE_TITLE:
        case GK_NODE_PARAGRAPH:
            put_inline(out, b);
            gk_buf_putc(out, '\n');
            break;
        case GK_NODE_HEADING:
            put_label(out, b->as.heading.numbering, b->as.heading.number);
            put_inline(out, b);
            gk_buf_putc(out, '\n');
            break;
        case GK_NODE_LIST: put_list(out, b, false, &first); break;
        case GK_NODE_TABLE:
            /* as Word's text export: a row-merged cell reads as an empty
             * cell, a column-merged one not at all */
            for (const gk_node *row = b->first; row; row = row->next) {
                for (const gk_node *cell = row->first; cell; cell = cell->next)
                    if (!cell->as.cell.covered || !cell->as.cell.from_left) put_cell(out, cell);
                gk_buf_putc(out, '\n');
            }
            break;
        case GK_NODE_SECTION: put_blocks(out, b); break;
        default: break;
        }
    }
}

void gk_render_txt(const gk_tree *tree, gk_buf *out) { put_blocks(out, tree->root); }
