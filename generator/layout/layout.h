/* The layout engine for PDF: lines, pages and tables from the document tree. */
#ifndef GK_LAYOUT_H
#define GK_LAYOUT_H

#include "node.h"

#endif
